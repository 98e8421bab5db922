package io.github.vwopush.autoconfigure;

import io.github.vwopush.VwoPushEngine;
import io.github.vwopush.health.VwoHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code vwo} health contributor; {@code management.health.vwo.enabled=false} turns it off,
 * {@code vwo.health.down-on-rejected-credentials=true} makes rejected credentials {@code DOWN}.
 */
@AutoConfiguration(after = VwoAutoConfiguration.class)
@ConditionalOnClass({ VwoHealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(VwoPushEngine.class)
@ConditionalOnEnabledHealthIndicator("vwo")
public final class VwoHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "vwoHealthIndicator", "vwoHealthContributor" })
	VwoHealthIndicator vwoHealthIndicator(VwoPushEngine service, VwoProperties properties) {
		return new VwoHealthIndicator(service, properties.getHealth().isDownOnRejectedCredentials());
	}

}
