package io.concord.console.board;

import java.util.Locale;

import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The peak board ({@code /ops/}, {@code ?range=15m|1h|24h} for the KPI figures) and its
 * live stream ({@code /ops/board/stream?range=}).
 */
@Controller
class BoardController {

	private final BoardFeeds feeds;

	BoardController(BoardFeeds feeds) {
		this.feeds = feeds;
	}

	@GetMapping("/")
	String board(@RequestParam(required = false) @Nullable String range, Model model) {
		// The page starts empty; the first frame arrives on the stream at once.
		model.addAttribute("range", BoardRange.of(range));
		model.addAttribute("ranges", BoardRange.values());
		return "board";
	}

	@GetMapping(path = "/board/stream", produces = "text/event-stream")
	SseEmitter stream(@RequestParam(required = false) @Nullable String range, HttpSession session, Authentication user,
			Locale locale) {
		return this.feeds.open(session.getId(), user, locale, BoardRange.of(range));
	}

}
