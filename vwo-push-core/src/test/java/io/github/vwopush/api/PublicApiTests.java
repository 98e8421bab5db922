package io.github.vwopush.api;

import java.nio.file.Path;

import io.github.vwopush.VwoPushEngine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vwo-push-core}'s public API is what {@code api/vwo-push-core.api} describes: a
 * changed signature fails here until the file changes with it (regenerate with
 * {@code -Dvwo.api.update=true}).
 */
class PublicApiTests {

	@Test
	void theCodesPublicApiIsTheCommittedDescription() {
		PublicApi.of(VwoPushEngine.class).assertMatches(Path.of("api/vwo-push-core.api"));
	}

	@Test
	void theDescriptionLeavesOutInternalPackagesAndNamesNoInternalType() {
		assertThat(PublicApi.of(VwoPushEngine.class).lines()).isNotEmpty()
			.noneMatch((line) -> line.contains(".internal."))
			.anyMatch((line) -> line.startsWith("io.github.vwopush.VwoPushEngine: public interface"));
	}

}
