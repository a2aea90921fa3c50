package io.concord.console.board;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The peak board ({@code /ops/}) and its live stream ({@code /ops/board/stream}). */
@Controller
class BoardController {

	private final BoardFeeds feeds;

	BoardController(BoardFeeds feeds) {
		this.feeds = feeds;
	}

	@GetMapping("/")
	String board(Model model) {
		// The page starts empty; the first frame arrives on the stream at once.
		model.addAttribute("frame", new BoardView("", 0, List.of(), "–", 0, "–", false, 0, Map.of(), List.of(), null));
		return "board";
	}

	@GetMapping(path = "/board/stream", produces = "text/event-stream")
	SseEmitter stream(HttpSession session, Authentication user, Locale locale) {
		return this.feeds.open(session.getId(), user, locale);
	}

}
