package io.concord.platform.web.openapi;

import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.util.Iterator;
import java.util.stream.Stream;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * A record's components are required in its schema unless declared {@code @Nullable}
 * (JSpecify, as the code base does everywhere): a generated client then types
 * {@code orderId} as a {@code string}, not as {@code string | undefined}, and sends what
 * a request needs. The nullness the compiler checks is the nullness the document states.
 */
final class RecordRequiredFields implements ModelConverter {

	@Override
	public @Nullable Schema<?> resolve(AnnotatedType type, ModelConverterContext context,
			Iterator<ModelConverter> chain) {
		Schema<?> schema = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
		Class<?> raw = (type.getType() != null) ? Json.mapper().constructType(type.getType()).getRawClass() : null;
		if (schema == null || raw == null || !raw.isRecord()) {
			return schema;
		}
		Schema<?> model = schema;
		if (schema.get$ref() != null) {
			String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
			model = context.getDefinedModels().get(name);
		}
		if (model == null || model.getProperties() == null) {
			return schema;
		}
		for (RecordComponent component : raw.getRecordComponents()) {
			String name = component.getName();
			boolean listed = model.getRequired() != null && model.getRequired().contains(name);
			if (!nullable(component) && model.getProperties().containsKey(name) && !listed) {
				model.addRequiredItem(name);
			}
		}
		return schema;
	}

	private static boolean nullable(RecordComponent component) {
		return Stream
			.concat(Stream.of(component.getAnnotations()), Stream.of(component.getAnnotatedType().getAnnotations()))
			.map(Annotation::annotationType)
			.anyMatch((annotation) -> annotation.getSimpleName().equals("Nullable"));
	}

}
