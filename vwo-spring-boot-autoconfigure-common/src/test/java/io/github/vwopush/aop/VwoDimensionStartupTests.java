package io.github.vwopush.aop;

import io.github.vwopush.VwoDimension;
import io.github.vwopush.autoconfigure.VwoAutoConfiguration;
import io.github.vwopush.autoconfigure.VwoDimensionAspectAutoConfiguration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @VwoDimension} that cannot work stops startup with a message naming the method
 * and the attribute; the support can be switched off and backs off without the service.
 */
class VwoDimensionStartupTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, VwoAutoConfiguration.class,
				VwoDimensionAspectAutoConfiguration.class))
		.withPropertyValues("vwo.account-id=123456", "vwo.dev-mode=true");

	@Test
	void syntaxErrorFailsStartupNamingClassMethodAndAttribute() {
		this.runner.withBean(BrokenValue.class).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("@VwoDimension(key=\"plan\")")
				.contains(BrokenValue.class.getName() + ".quote")
				.contains("the value expression '#plan +' does not parse");
			assertThat(analysis.getAction()).contains("vwo.aspect.enabled=false");
		});
	}

	@Test
	void brokenConditionNamesTheConditionAttribute() {
		this.runner.withBean(BrokenCondition.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains(BrokenCondition.class.getName() + ".quote")
				.contains("the condition expression '#result >' does not parse");
		});
	}

	@Test
	void fluxReturnTypeFailsStartup() {
		this.runner.withBean(Streaming.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains(Streaming.class.getName() + ".stream")
				.contains("reactor.core.publisher.Flux");
		});
	}

	@Test
	void duplicateKeyFailsStartup() {
		this.runner.withBean(DuplicateKey.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context.getStartupFailure()).getDescription()).contains("repeats the key 'plan'");
		});
	}

	@Test
	void annotatedBeanIsProxied() {
		this.runner.withBean(Fine.class).run((context) -> {
			assertThat(context).hasNotFailed().hasBean("vwoDimensionAdvisor");
			assertThat(AopUtils.isAopProxy(context.getBean(Fine.class))).isTrue();
		});
	}

	@Test
	void disabledMeansNoAdvisorAndNoProxy() {
		this.runner.withPropertyValues("vwo.aspect.enabled=false").withBean(Fine.class).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(Advisor.class);
			assertThat(AopUtils.isAopProxy(context.getBean(Fine.class))).isFalse();
		});
	}

	@Test
	void backsOffWithoutThePushService() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, VwoAutoConfiguration.class,
					VwoDimensionAspectAutoConfiguration.class))
			.withBean(BrokenValue.class)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(Advisor.class));
	}

	@Test
	void advisorOrderIsConfigurable() {
		this.runner.withPropertyValues("vwo.aspect.order=42")
			.run((context) -> assertThat(context.getBean("vwoDimensionAdvisor", org.springframework.core.Ordered.class)
				.getOrder()).isEqualTo(42));
	}

	/** The analyzer as Boot finds it: by the name registered in spring.factories. */
	private static FailureAnalysis analyze(Throwable failure) throws Exception {
		String name = "io.github.vwopush.autoconfigure.InvalidVwoDimensionFailureAnalyzer";
		assertThat(io.github.vwopush.RegisteredSpringFactories.all()).contains(name);
		java.lang.reflect.Constructor<?> constructor = Class.forName(name).getDeclaredConstructor();
		constructor.setAccessible(true);
		FailureAnalysis analysis = ((FailureAnalyzer) constructor.newInstance()).analyze(failure);
		assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
		return analysis;
	}

	static class BrokenValue {

		@VwoDimension(key = "plan", value = "#plan +")
		public String quote(String plan) {
			return plan;
		}

	}

	static class BrokenCondition {

		@VwoDimension(key = "plan", value = "#plan", condition = "#result >")
		public String quote(String plan) {
			return plan;
		}

	}

	static class Streaming {

		@VwoDimension(key = "plan", value = "#result")
		public Flux<String> stream() {
			return Flux.just("a", "b");
		}

	}

	static class DuplicateKey {

		@VwoDimension(key = "plan", value = "'a'")
		@VwoDimension(key = "plan", value = "'b'")
		public String twice() {
			return "x";
		}

	}

	static class Fine {

		@VwoDimension(key = "plan", value = "#plan", userId = "'u'")
		public String quote(String plan) {
			return plan;
		}

	}

}
