package io.concord.console;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The ops console: a server-rendered backend-for-frontend. It keeps no data of its own;
 * what it shows and does is the admin API's, called through the gateway as the signed-in
 * staff member.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class OpsConsoleApplication {

	public static void main(String[] args) {
		SpringApplication.run(OpsConsoleApplication.class, args);
	}

}
