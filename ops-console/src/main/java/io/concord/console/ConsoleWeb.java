package io.concord.console;

import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * Chinese (simplified) or English: the browser's language first, then the reader's choice
 * ({@code ?lang=zh-CN}, {@code ?lang=en}), kept in a cookie.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleWeb implements WebMvcConfigurer {

	/** The languages the console speaks; the first is the fallback. */
	static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE);

	@Bean
	LocaleResolver localeResolver() {
		CookieLocaleResolver resolver = new CookieLocaleResolver("CONCORD_OPS_LANG");
		resolver.setDefaultLocaleFunction(ConsoleWeb::browserLanguage);
		return resolver;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		LocaleChangeInterceptor change = new LocaleChangeInterceptor();
		change.setParamName("lang");
		change.setIgnoreInvalidLocale(true);
		registry.addInterceptor(change);
	}

	// Any Chinese reads the simplified bundle; anything else English.
	static Locale browserLanguage(HttpServletRequest request) {
		for (Locale wanted : java.util.Collections.list(request.getLocales())) {
			if (wanted.getLanguage().equals("zh")) {
				return Locale.SIMPLIFIED_CHINESE;
			}
			if (wanted.getLanguage().equals("en")) {
				return Locale.ENGLISH;
			}
		}
		return Locale.ENGLISH;
	}

}
