package io.concord.platform.events;

/**
 * Consumes one event type. Each event id takes effect at most once per handler: the
 * dispatcher records the id in the same transaction as the handler's effect, so a
 * redelivered event is skipped. A handler that throws is retried with backoff, then the
 * event goes to the service's dead letters.
 */
public interface EventHandler<T> {

	/** The CloudEvents type handled, e.g. {@code concord.member.MemberRegistered}. */
	String eventType();

	/** The class the event data is read into. */
	Class<T> dataType();

	/**
	 * The highest data schema version this handler understands; newer events go to dead
	 * letters rather than being misread.
	 */
	default int maxSchemaVersion() {
		return 1;
	}

	/** Stable name under which processed event ids are recorded. */
	default String name() {
		return org.springframework.util.ClassUtils.getUserClass(getClass()).getSimpleName();
	}

	void handle(InboundEvent<T> event);

	/** A handler from a function, for handlers that need nothing but their action. */
	static <T> EventHandler<T> of(String eventType, Class<T> dataType, String name,
			java.util.function.Consumer<InboundEvent<T>> action) {
		return new EventHandler<>() {

			@Override
			public String eventType() {
				return eventType;
			}

			@Override
			public Class<T> dataType() {
				return dataType;
			}

			@Override
			public String name() {
				return name;
			}

			@Override
			public void handle(InboundEvent<T> event) {
				action.accept(event);
			}

		};
	}

}
