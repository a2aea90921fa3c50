package io.concord.inventory.demand;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.concord.inventory.InventoryServiceApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forecast job process's boundaries: the model training code (the catalogue
 * forecaster, the global boosted model, the native XGBoost library) is reachable only
 * from the job's classes, none of which is a bean of the service; the job's own context
 * is narrow (no web server, Kafka, outbox or schedules) and {@code --once} carries out a
 * requested run and exits 0.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ForecastJobProcessTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.concord.inventory");

	@Autowired
	ApplicationContext service;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ForecastRuns runs;

	@Value("${spring.datasource.url}")
	String url;

	@Value("${spring.datasource.username}")
	String username;

	@Value("${spring.datasource.password}")
	String password;

	@Test
	void onlyTheJobsClassesReachTheModelTrainingCode() {
		Set<String> heavy = heavyClasses();
		assertThat(heavy).as("the job's classes train models")
			.contains(ForecastJob.class.getName(), ForecastJobRunner.class.getName());
		assertThat(heavy).as("classes that reach CatalogueForecaster, GlobalBoosting or ml.dmlc")
			.allMatch((name) -> name.startsWith(ForecastJob.class.getName()));
	}

	@Test
	void noBeanOfTheServiceReachesTheModelTrainingCode() {
		Set<String> heavy = heavyClasses();
		List<String> offending = Arrays.stream(this.service.getBeanDefinitionNames())
			.map(this.service::getType)
			.filter((type) -> type != null)
			.map((type) -> ClassUtils.getUserClass(type).getName())
			.filter((name) -> heavy.contains(name) || heavy.stream().anyMatch((h) -> name.startsWith(h + "$")))
			.toList();
		assertThat(offending).isEmpty();
		assertThat(this.service.getBeanNamesForType(ForecastJobRunner.class)).isEmpty();
		assertThat(this.service.getBeanNamesForType(ForecastRuns.class)).hasSize(1);
		assertThat(this.service.getBean(InventoryServiceApplication.class)).isNotNull();
	}

	@Test
	void theJobsContextIsNarrowAndOnceCarriesOutARequestedRun() {
		String[] args = { "--spring.datasource.url=" + this.url, "--spring.datasource.username=" + this.username,
				"--spring.datasource.password=" + this.password, "--concord.inventory.forecasting.cron=-",
				// As the service's tests run (the local stack's development settings).
				"--concord.environment=local" };
		try (ConfigurableApplicationContext job = ForecastJob.start(args)) {
			Set<String> types = new HashSet<>();
			for (String name : job.getBeanDefinitionNames()) {
				Class<?> type = job.getType(name);
				if (type != null) {
					types.add(type.getName());
				}
			}
			assertThat(types).contains(ForecastJobRunner.class.getName(), ForecastInputs.class.getName());
			assertThat(types).noneMatch((type) -> type.startsWith("org.springframework.kafka")
					|| type.startsWith("org.springframework.boot.web") || type.startsWith("org.springframework.web")
					|| type.startsWith("io.concord.platform.events") || type.startsWith("org.flywaydb")
					|| type.contains("ScheduledAnnotationBeanPostProcessor") || type.endsWith("Controller")
					|| type.contains("EventHandler"));
			assertThat(job)
				.isNotInstanceOf(org.springframework.boot.web.server.context.WebServerApplicationContext.class);
		}
		String sku = "JOB-" + UUID.randomUUID().toString().substring(0, 8);
		this.jdbc.update("insert into sku (sku, name) values (?, ?)", sku, "Test " + sku);
		this.jdbc.update("insert into location (code, name, type, region) values (?, 'Warehouse', 'WAREHOUSE', 'N')",
				"W-" + sku);
		this.jdbc.update("insert into stock_level (sku, location_code) values (?, ?)", sku, "W-" + sku);
		long requested = this.runs.request(ForecastRuns.Trigger.ON_DEMAND, "test").id();
		String[] once = Arrays.copyOf(args, args.length + 1);
		once[args.length] = "--once";
		assertThat(ForecastJob.run(once)).isZero();
		ForecastRuns.Run run = this.runs.find(requested);
		assertThat(run.status()).as(String.valueOf(run.failure())).isEqualTo("SUCCEEDED");
		assertThat(run.runner()).isEqualTo(ForecastJob.runnerName());
		assertThat(run.model()).isNotNull();
		assertThat(this.jdbc.queryForObject("select count(*) from demand_forecast where sku = ? and run_id = ?",
				Integer.class, sku, requested))
			.isEqualTo(1);
		assertThat(ForecastJob.run(once)).as("no work: exit 0").isZero();
	}

	/**
	 * Classes of the service that reach the training code, directly or through other
	 * classes of the service.
	 */
	private static Set<String> heavyClasses() {
		Set<String> heavy = new HashSet<>();
		boolean grew = true;
		while (grew) {
			grew = false;
			for (JavaClass type : CLASSES) {
				if (!heavy.contains(type.getName()) && type.getDirectDependenciesFromSelf()
					.stream()
					.map(Dependency::getTargetClass)
					.anyMatch((target) -> forbidden(target.getName()) || heavy.contains(target.getName()))) {
					heavy.add(type.getName());
					grew = true;
				}
			}
		}
		return heavy;
	}

	private static boolean forbidden(String name) {
		return name.equals("io.concord.forecasting.CatalogueForecaster")
				|| name.startsWith("io.concord.forecasting.GlobalBoosting") || name.startsWith("ml.dmlc.");
	}

}
