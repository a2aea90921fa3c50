package io.concord.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Where the staff issuer sends the browser after signing out (and after a failed
 * sign-in).
 */
@Controller
class SignedOutController {

	@GetMapping("/signed-out")
	String signedOut() {
		return "signed-out";
	}

}
