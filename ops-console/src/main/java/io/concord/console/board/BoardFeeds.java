package io.concord.console.board;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.concord.console.ConsoleProperties;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One feed per signed-in session, shared by the session's open boards (tabs): it reads
 * the admin API once per poll interval (at least a second apart: fixed delay, so a slow
 * read never piles up) and sends each frame to every open board as a server-sent event
 * named {@code board}. A feed runs only while a board is open.
 */
@Component
class BoardFeeds {

	private static final Logger log = LoggerFactory.getLogger(BoardFeeds.class);

	/** An open board's stream ends after this long; the browser reconnects at once. */
	static final long STREAM_TIMEOUT_MS = 30 * 60 * 1000L;

	private final BoardReader reader;

	private final ConsoleProperties properties;

	private final ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2,
			Thread.ofVirtual().name("board-feed-", 0).factory());

	private final Map<String, Feed> feeds = new ConcurrentHashMap<>();

	BoardFeeds(BoardReader reader, ConsoleProperties properties) {
		this.reader = reader;
		this.properties = properties;
	}

	private final class Feed {

		final String session;

		final List<SseEmitter> boards = new CopyOnWriteArrayList<>();

		final BoardReader.State state = new BoardReader.State();

		volatile Authentication user;

		volatile Locale locale;

		volatile BoardRange range = BoardRange.H24;

		@Nullable ScheduledFuture<?> task;

		Feed(String session, Authentication user, Locale locale) {
			this.session = session;
			this.user = user;
			this.locale = locale;
		}

		void tick() {
			if (this.boards.isEmpty()) {
				stop(this);
				return;
			}
			BoardView frame;
			this.state.range(this.range);
			try {
				frame = BoardFeeds.this.reader.read(this.user, this.state, this.locale);
			}
			catch (RuntimeException ex) {
				// Never let one failure end the schedule: say so and try next tick.
				log.warn("Board frame failed: {}", ex.toString());
				return;
			}
			for (SseEmitter board : this.boards) {
				try {
					board.send(SseEmitter.event().name("board").data(frame, MediaType.APPLICATION_JSON));
				}
				catch (IOException | IllegalStateException ex) {
					// The browser went away.
					this.boards.remove(board);
				}
			}
		}

	}

	/**
	 * A new open board for the session; its feed starts if it was not running. The range
	 * is the session's: the board opened last chooses it for every open board.
	 */
	SseEmitter open(String session, Authentication user, Locale locale, BoardRange range) {
		SseEmitter board = new SseEmitter(STREAM_TIMEOUT_MS);
		Feed feed = this.feeds.compute(session, (key, existing) -> {
			Feed running = (existing != null) ? existing : new Feed(key, user, locale);
			running.user = user;
			running.locale = locale;
			running.range = range;
			running.boards.add(board);
			if (running.task == null) {
				long every = this.properties.pollInterval().toMillis();
				running.task = this.ticks.scheduleWithFixedDelay(running::tick, 0, every, TimeUnit.MILLISECONDS);
			}
			return running;
		});
		Runnable close = () -> feed.boards.remove(board);
		board.onCompletion(close);
		board.onTimeout(close);
		board.onError((ex) -> close.run());
		return board;
	}

	/** Open boards across sessions (for tests and metrics). */
	int openBoards() {
		return this.feeds.values().stream().mapToInt((feed) -> feed.boards.size()).sum();
	}

	private void stop(Feed feed) {
		this.feeds.computeIfPresent(feed.session, (key, running) -> {
			if (!running.boards.isEmpty()) {
				return running;
			}
			if (running.task != null) {
				running.task.cancel(false);
			}
			return null;
		});
	}

	@PreDestroy
	void close() {
		this.ticks.shutdownNow();
	}

}
