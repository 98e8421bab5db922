package io.github.vwopush.kafka;

import java.util.function.Supplier;

import io.github.vwopush.VwoPushEngine;
import io.github.vwopush.actuate.VwoEndpointContributor;
import io.github.vwopush.autoconfigure.VwoAutoConfiguration;
import io.github.vwopush.autoconfigure.VwoProperties;
import io.github.vwopush.autoconfigure.VwoPropertiesMapper;
import io.github.vwopush.autoconfigure.VwoPushEngineBuilderCustomizer;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Auto-configuration of the Kafka outbox and relay. Creates nothing unless
 * {@code vwo.kafka.enabled=true}; then, by {@code vwo.kafka.role}, the outbox (the
 * application's engine hands its batches to the topic) and the relay (a consumer group that
 * delivers the topic to VWO). Kafka's connection is Spring Boot's {@code spring.kafka.*}, from
 * its Kafka auto-configuration (Spring Boot 4's or 3.5's, whichever line runs). The relay's
 * health indicator is each line's: {@code VwoKafkaRelayHealthAutoConfiguration}.
 */
@AutoConfiguration(after = VwoAutoConfiguration.class,
		afterName = { "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
				"org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration" })
@ConditionalOnClass(KafkaTemplate.class)
@ConditionalOnBooleanProperty("vwo.kafka.enabled")
@EnableConfigurationProperties({ VwoKafkaProperties.class, VwoProperties.class })
public final class VwoKafkaAutoConfiguration {

	/** The account records are written for and relayed for, checked as the engine's properties are. */
	static long accountId(VwoProperties properties) {
		return new VwoPropertiesMapper(properties).accountId();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnKafkaRole(relay = false)
	@ConditionalOnBean(ProducerFactory.class)
	static final class OutboxConfiguration {

		@Bean
		@ConditionalOnMissingBean
		KafkaOutlet vwoKafkaOutlet(VwoProperties vwo, VwoKafkaProperties kafka, ProducerFactory<?, ?> producers) {
			return new KafkaOutlet(VwoKafkaClients.producers(producers, "vwo-outbox"), kafka.getTopic(),
					accountId(vwo), vwo.getPlatform());
		}

		@Bean
		VwoPushEngineBuilderCustomizer vwoKafkaOutboxCustomizer(KafkaOutlet outlet) {
			return (builder) -> builder.outlet(outlet);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnKafkaRole(relay = true)
	@ConditionalOnBean({ ConsumerFactory.class, ProducerFactory.class })
	static final class RelayConfiguration {

		/**
		 * Its own engine, to VWO over HTTP: with the outbox on, the application's engine writes
		 * to Kafka. The topic keeps the records, so the engine keeps nothing on disk (it must
		 * not take the application's spool directory), and retries until VWO answers: a push
		 * given up on would be read again and pushed after a later value of its key that went
		 * meanwhile, taking VWO back to an older value.
		 */
		@Bean
		@ConditionalOnMissingBean
		KafkaRelay vwoKafkaRelay(VwoProperties vwo, VwoKafkaProperties kafka, ConsumerFactory<?, ?> consumers,
				ProducerFactory<?, ?> producers, ObjectProvider<WebClient.Builder> webClientBuilder) {
			// A supplier: a rebalance that takes partitions whose pushes are still in the engine replaces it.
			Supplier<VwoPushEngine> engines = () -> new VwoPropertiesMapper(vwo).builder()
				.webClient(() -> webClientBuilder.getIfAvailable(WebClient::builder))
				.withoutSpool()
				.retryMaxAttempts(null)
				.retryMaxElapsed(KafkaRelay.RETRY_MAX_ELAPSED)
				.build();
			return new KafkaRelay(engines, accountId(vwo), vwo.getPlatform(), kafka,
					VwoKafkaClients.consumers(consumers, kafka.getRelay()),
					VwoKafkaClients.producers(producers, "vwo-relay-dlt"));
		}

		/** The relay's part of the {@code vwo} endpoint, which the engine's auto-configuration creates. */
		@Bean
		@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
		@ConditionalOnMissingBean(RelayEndpointContributor.class)
		VwoEndpointContributor vwoKafkaRelayEndpointContributor(KafkaRelay relay, VwoKafkaProperties kafka) {
			return new RelayEndpointContributor(relay, kafka);
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(MeterBinder.class)
		static final class RelayMetricsConfiguration {

			@Bean
			@ConditionalOnMissingBean
			VwoKafkaRelayMeters vwoKafkaRelayMeters(KafkaRelay relay) {
				return new VwoKafkaRelayMeters(relay);
			}

		}

	}

}
