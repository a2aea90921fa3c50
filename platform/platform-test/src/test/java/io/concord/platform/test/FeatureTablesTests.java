package io.concord.platform.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeatureTablesTests {

	@TempDir
	Path module;

	@BeforeEach
	void shop() throws IOException {
		write("src/main/resources/db/shop/V1__baseline.sql", """
				create table coupon (id uuid primary key);
				create table if not exists campaign (id uuid primary key);
				""");
		write("src/main/java/io/example/shop/coupon/Coupons.java", """
				package io.example.shop.coupon;
				// update campaign is only a comment; "a quote" in a comment is not a string
				class Coupons {
					String mint = "insert into coupon (id) values (?)";
					String url = "https://example.org/problems/"; // a // in a string is not a comment
					String burn = \"""
							update coupon set id = id
							\""";
					char quote = '"';
					String prose = "Callbacks from campaign partners"; // not SQL: no statement
					String where = "select id from coupon where id = ?";
				}
				""");
		write("src/main/java/io/example/shop/campaign/Campaigns.java", """
				package io.example.shop.campaign;
				class Campaigns {
					String list = "select * from campaign c";
				}
				""");
	}

	private FeatureTables tables() {
		return FeatureTables.of(this.module, "io.example.shop").owner("coupon", "coupon").owner("campaign", "campaign");
	}

	@Test
	void packagesThatTouchOnlyTheirOwnTablesPass() {
		assertThat(tables().violations()).isEmpty();
	}

	@Test
	void aWriteToAnotherPackagesTableFails() throws IOException {
		write("src/main/java/io/example/shop/campaign/Minting.java", """
				package io.example.shop.campaign;
				class Minting {
					String mint = "INSERT INTO coupon (id) values (?)";
					String burn = "update coupon c set id = c.id";
				}
				""");
		assertThatThrownBy(tables()::verify).isInstanceOf(AssertionError.class)
			.hasMessageContaining("campaign/Minting.java writes coupon, which coupon owns");
		write("src/main/java/io/example/shop/campaign/Minting.java", """
				package io.example.shop.campaign;
				class Minting {
					String burn = "update coupon c set id = c.id";
				}
				""");
		assertThat(tables().violations()).containsExactly("campaign/Minting.java writes coupon, which coupon owns");
	}

	@Test
	void aReadOfAnotherPackagesTableFailsUnlessDeclared() throws IOException {
		write("src/main/java/io/example/shop/campaign/Report.java", """
				package io.example.shop.campaign;
				class Report {
					String count = \"""
							select count(*) from campaign c
							join coupon k on k.id = c.id
							\""";
				}
				""");
		assertThat(tables().violations()).containsExactly(
				"campaign/Report.java reads coupon, which coupon owns (read it through coupon's API or events, or declare the read)");
		assertThat(tables().readBy("campaign", "coupon").violations()).isEmpty();
	}

	@Test
	void aTableWithoutAnOwnerFails() throws IOException {
		write("src/main/resources/db/shop/V2__drops.sql", "create table coupon_drop (id uuid primary key);");
		assertThat(tables().violations()).containsExactly("table coupon_drop has no owning feature package");
	}

	@Test
	void aTableCannotHaveTwoOwners() {
		assertThatThrownBy(() -> tables().owner("campaign", "coupon")).isInstanceOf(IllegalArgumentException.class);
	}

	private void write(String path, String content) throws IOException {
		Path file = this.module.resolve(path);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
	}

}
