package io.concord.gateway;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;

/**
 * One request's body as the gateway reads it. Bytes are counted as they arrive, so a
 * chunked body (no Content-Length) over {@code max-body-size} fails the forwarded stream
 * with {@link ContentTooLargeException} as soon as it passes the limit.
 * <p>
 * It also keeps the connection in step when the gateway answers without forwarding the
 * body (401, 403, 413, 429, ...): before such an answer is sent,
 * {@link #keepAliveAfterAnswer()} reads and discards what is left of the body (at most
 * {@code drain-limit} bytes within {@code drain-timeout}), so the client is never left
 * pushing a body into a keep-alive connection that nobody reads, and the next request
 * does not queue behind it. If that cannot finish, or the body was over the limit, the
 * answer says {@code Connection: close} and the connection is closed after it.
 */
final class RequestBody {

	private enum State {

		/** Nobody has asked for the body. */
		UNREAD,
		/** Forwarded to a service. */
		STREAMING,
		/** Read and discarded. */
		DRAINING,
		/** Read to its end. */
		COMPLETE,
		/** Given up on: the connection must close. */
		ABANDONED

	}

	private final Flux<DataBuffer> source;

	private final long declaredLength;

	private final boolean chunked;

	private final long maxBytes;

	private final long drainLimit;

	private final Duration drainTimeout;

	private final AtomicReference<State> state = new AtomicReference<>(State.UNREAD);

	private final Sinks.Empty<Void> settled = Sinks.empty();

	private final AtomicLong received = new AtomicLong();

	private final AtomicLong discarded = new AtomicLong();

	private volatile boolean overLimit;

	RequestBody(Flux<DataBuffer> source, HttpHeaders headers, long maxBytes, long drainLimit, Duration drainTimeout) {
		this.source = source;
		this.declaredLength = headers.getContentLength();
		this.chunked = headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
		this.maxBytes = maxBytes;
		this.drainLimit = drainLimit;
		this.drainTimeout = drainTimeout;
	}

	/** The body for whoever forwards it: once, and failing once it passes the limit. */
	Flux<DataBuffer> forward() {
		if (!hasBody()) {
			// Nothing to count or drain (a retried GET subscribes again).
			return this.source;
		}
		return Flux.defer(() -> {
			if (!this.state.compareAndSet(State.UNREAD, State.STREAMING)) {
				return Flux.error(new IllegalStateException("The request body can be read only once"));
			}
			return Flux.from((downstream) -> this.source.subscribe(new Reader(downstream)));
		});
	}

	/**
	 * Called just before the gateway's answer is sent: finishes reading an unread body
	 * and tells whether the connection can carry another request afterwards.
	 */
	Mono<Boolean> keepAliveAfterAnswer() {
		if (!hasBody()) {
			return Mono.just(true);
		}
		if (this.declaredLength > this.drainLimit) {
			// It cannot be drained; no point reading part of it.
			return Mono.just(false);
		}
		if (this.state.compareAndSet(State.UNREAD, State.DRAINING)) {
			this.source.subscribe(new Reader(null));
		}
		if (this.state.get() == State.STREAMING) {
			// A service answered while the body was still being forwarded to it.
			return Mono.just(false);
		}
		return this.settled.asMono()
			.then(Mono.fromSupplier(() -> this.state.get() == State.COMPLETE && !this.overLimit));
	}

	// HTTP/1.1 framing: without Content-Length or Transfer-Encoding there is no body.
	private boolean hasBody() {
		return this.chunked || this.declaredLength > 0;
	}

	/**
	 * Reads the body from the connection, for the forwarding stream or for nobody:
	 * between the two it counts, cuts off at the limit, and drains what the forwarding
	 * stream leaves.
	 */
	private final class Reader implements CoreSubscriber<DataBuffer>, Subscription {

		private final @Nullable Subscriber<? super DataBuffer> forwarding;

		private volatile @Nullable Subscription upstream;

		private volatile @Nullable Disposable drainTimer;

		Reader(@Nullable Subscriber<? super DataBuffer> forwarding) {
			this.forwarding = forwarding;
		}

		@Override
		public Context currentContext() {
			return (this.forwarding instanceof CoreSubscriber<? super DataBuffer> core) ? core.currentContext()
					: Context.empty();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			this.upstream = subscription;
			Subscriber<? super DataBuffer> downstream = this.forwarding;
			if (downstream != null) {
				downstream.onSubscribe(this);
			}
			else {
				drain();
			}
		}

		// Demand of the forwarding stream.
		@Override
		public void request(long n) {
			Subscription subscription = this.upstream;
			if (subscription != null && RequestBody.this.state.get() == State.STREAMING) {
				subscription.request(n);
			}
		}

		// The forwarding stream stopped (the service answered or failed): drain the rest.
		@Override
		public void cancel() {
			if (RequestBody.this.state.compareAndSet(State.STREAMING, State.DRAINING)) {
				drain();
			}
		}

		private void drain() {
			this.drainTimer = Mono.delay(RequestBody.this.drainTimeout).subscribe((tick) -> abandon());
			Subscription subscription = this.upstream;
			if (subscription != null) {
				subscription.request(Long.MAX_VALUE);
			}
		}

		private void abandon() {
			if (RequestBody.this.state.compareAndSet(State.DRAINING, State.ABANDONED)) {
				Subscription subscription = this.upstream;
				if (subscription != null) {
					subscription.cancel();
				}
				finish();
			}
		}

		@Override
		public void onNext(DataBuffer buffer) {
			int size = buffer.readableByteCount();
			long total = RequestBody.this.received.addAndGet(size);
			Subscriber<? super DataBuffer> downstream = this.forwarding;
			if (downstream != null && RequestBody.this.state.get() == State.STREAMING) {
				if (total <= RequestBody.this.maxBytes) {
					downstream.onNext(buffer);
					return;
				}
				DataBufferUtils.release(buffer);
				RequestBody.this.overLimit = true;
				if (RequestBody.this.state.compareAndSet(State.STREAMING, State.DRAINING)) {
					downstream.onError(new ContentTooLargeException(RequestBody.this.maxBytes));
					drain();
				}
				return;
			}
			DataBufferUtils.release(buffer);
			if (RequestBody.this.discarded.addAndGet(size) > RequestBody.this.drainLimit) {
				abandon();
			}
		}

		@Override
		public void onComplete() {
			Subscriber<? super DataBuffer> downstream = this.forwarding;
			if (RequestBody.this.state.compareAndSet(State.STREAMING, State.COMPLETE)) {
				if (downstream != null) {
					downstream.onComplete();
				}
			}
			else {
				RequestBody.this.state.compareAndSet(State.DRAINING, State.COMPLETE);
			}
			finish();
		}

		@Override
		public void onError(Throwable failure) {
			Subscriber<? super DataBuffer> downstream = this.forwarding;
			State before = RequestBody.this.state
				.getAndUpdate((current) -> (current == State.COMPLETE) ? State.COMPLETE : State.ABANDONED);
			if (before == State.STREAMING && downstream != null) {
				downstream.onError(failure);
			}
			finish();
		}

		private void finish() {
			Disposable timer = this.drainTimer;
			if (timer != null) {
				timer.dispose();
			}
			RequestBody.this.settled.tryEmitEmpty();
		}

	}

}
