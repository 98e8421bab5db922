package io.github.vwopush.autoconfigure;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.vwopush.InvalidVwoSettingException;
import io.github.vwopush.VwoPushEngine;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.system.ApplicationTemp;
import org.springframework.util.unit.DataSize;

/**
 * Maps {@link VwoProperties} to the engine's builder, whose own checks name each problem
 * by its property; adds the checks only properties need (an account id given as text, the
 * spool's default directory). Every problem is an {@link InvalidVwoPropertyException} that
 * names the property and the fix.
 * <p>Public for this project's opt-in modules: the Kafka relay builds its own engine from the
 * same properties. Not meant for applications, which get the engine as a bean.
 */
public final class VwoPropertiesMapper {

	private final VwoProperties properties;

	/**
	 * Map these properties.
	 * @param properties the bound {@code vwo.*} properties
	 */
	public VwoPropertiesMapper(VwoProperties properties) {
		this.properties = properties;
	}

	/**
	 * Check every property and configure a builder with them, so that all bad properties
	 * are reported in one startup report rather than one per restart.
	 * @return the checked builder
	 * @throws InvalidVwoPropertyException for the one bad property, or for all of them
	 */
	public VwoPushEngine.Builder builder() {
		Map<String, InvalidVwoPropertyException> problems = new LinkedHashMap<>();
		Long accountId = null;
		try {
			accountId = accountId();
		}
		catch (InvalidVwoPropertyException ex) {
			problems.put(ex.getMessage(), ex);
		}
		VwoProperties properties = this.properties;
		// With an unreadable account id the builder's own check has nothing to add: it is reported above.
		VwoPushEngine.Builder builder = VwoPushEngine.builder((accountId != null) ? accountId : 1, properties.getSdkKey())
			.platform(properties.getPlatform())
			.baseUrl(properties.getBaseUrl())
			.settingsUrl(properties.getSettingsUrl())
			.gatewayUrl(properties.getGatewayUrl())
			.collectionPrefix(properties.getCollectionPrefix())
			.transport(properties.getTransport())
			.devMode(properties.isDevMode())
			.batching(properties.getBatch().getMaxEvents(), properties.getBatch().getLinger())
			.queue(properties.getQueue().getCapacity(), bytes(properties.getQueue().getMaxSize()))
			.timeouts(properties.getHttp().getConnectTimeout(), properties.getHttp().getResponseTimeout())
			.maxInFlight(properties.getHttp().getMaxInFlight())
			.retryMaxElapsed(properties.getRetry().getMaxElapsed())
			.retryMaxAttempts(properties.getRetry().getMaxAttempts())
			.retryBackoff(properties.getRetry().getInitialBackoff(), properties.getRetry().getMaxBackoff())
			.maxRetryAfter(properties.getRetry().getMaxRetryAfter())
			.settingsRefreshInterval(properties.getSettings().getRefreshInterval())
			.shutdownTimeout(properties.getShutdown().getTimeout())
			.logInterval(properties.getLogging().getInterval());
		VwoProperties.Spool spool = properties.getSpool();
		if (spool.isEnabled()) {
			builder.spool(spoolDirectory(spool.getDirectory()), bytes(spool.getMaxSize()), spool.getSyncInterval());
		}
		try {
			builder.validate();
		}
		catch (InvalidVwoSettingException ex) {
			for (InvalidVwoSettingException problem : ex.problems()) {
				InvalidVwoPropertyException reported = new InvalidVwoPropertyException(problem.setting(),
						problem.problem(), problem.action());
				problems.putIfAbsent(reported.getMessage(), reported);
			}
		}
		if (problems.size() == 1) {
			throw problems.values().iterator().next();
		}
		if (!problems.isEmpty()) {
			throw new InvalidVwoPropertyException(List.copyOf(problems.values()));
		}
		return builder;
	}

	/**
	 * The account id, checked as {@link #builder()} checks it.
	 * @return the account id
	 * @throws RuntimeException naming {@code vwo.account-id} and the fix, when it is missing
	 * or not a positive number
	 */
	public long accountId() {
		String value = this.properties.getAccountId();
		String action = "Set vwo.account-id to your VWO account id, the number shown in VWO under Settings > Account.";
		if (value == null || value.isBlank()) {
			throw new InvalidVwoPropertyException("vwo.account-id", "is empty", action);
		}
		try {
			// Zero and negative ids are the builder's to report.
			return Long.parseLong(value.strip());
		}
		catch (NumberFormatException ex) {
			throw new InvalidVwoPropertyException("vwo.account-id",
					"is '" + value + "', which is not a positive number", action);
		}
	}

	private static long bytes(@Nullable DataSize size) {
		return (size != null) ? size.toBytes() : 0;
	}

	private static @Nullable Path spoolDirectory(@Nullable Path directory) {
		if (directory == null) {
			// Not one shared by every application on the host: they would use each other's files.
			return new ApplicationTemp().getDir("vwo-push-spool").toPath();
		}
		return directory;
	}

}
