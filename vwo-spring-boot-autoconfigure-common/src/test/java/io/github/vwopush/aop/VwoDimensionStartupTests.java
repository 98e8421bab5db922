package io.github.vwopush.aop;

import io.github.vwopush.PushReason;
import io.github.vwopush.VwoDimension;
import io.github.vwopush.autoconfigure.VwoAutoConfiguration;
import io.github.vwopush.autoconfigure.VwoDimensionAspectAutoConfiguration;
import io.github.vwopush.internal.delivery.DefaultVwoPushService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @VwoDimension} that cannot work stops startup with a message naming the method
 * and the attribute (a syntax error, a repeated key, a {@code Flux}, a variable that is not
 * defined); the support can be switched off and backs off without the service.
 */
@ExtendWith(OutputCaptureExtension.class)
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
	void aVariableThatIsNotAParameterFailsStartupNamingMethodAndExpression() {
		this.runner.withBean(Typo.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context.getStartupFailure()).getDescription())
				.isEqualTo("@VwoDimension(key=\"plan\") on " + Typo.class.getName() + ".quote: the value expression "
						+ "'#planName' refers to #planName, which is not defined: expressions can use the parameters "
						+ "#plan, #userId (or #p0 to #p1, #a0 to #a1), #result, #root (#root.method, #root.args, "
						+ "#root.target) and beans (@name)");
		});
	}

	@Test
	void aPositionBeyondTheParametersAndAnUnknownVariableInTheConditionFailStartup() {
		this.runner.withBean(PositionBeyond.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("the userId expression '#p1' refers to #p1, which is not defined");
		});
		this.runner.withBean(UnknownInCondition.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("the condition expression '#reslt != null' refers to #reslt, which is not defined")
				.contains("no parameters (the method has none)");
		});
	}

	@Test
	void everyDocumentedVariableIsAccepted() {
		this.runner.withBean(EveryVariable.class).run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void withoutParameterNamesAVariableCannotBeCheckedAndTheRejectionSaysSo(CapturedOutput output) throws Exception {
		Class<?> compiled = NoParameterNames.compile();
		this.runner.withClassLoader(compiled.getClassLoader())
			.withPropertyValues("vwo.logging.interval=0s")
			.withBean(compiled)
			.run((context) -> {
			assertThat(context).hasNotFailed();
			Object bean = context.getBean(compiled);
			assertThat(AopUtils.isAopProxy(bean)).isTrue();
			assertThat(compiled.getMethod("quote", String.class).invoke(bean, "gold")).isEqualTo("gold");
			DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
			assertThat(service.counters().count(PushReason.INVALID_VALUE)).isEqualTo(1);
			assertThat(service.counters().count(PushReason.DEV_MODE)).as("#p0 works without names").isEqualTo(1);
		});
		assertThat(output).contains("VWO push rejected [invalid_value]: the value expression '#plan' of "
				+ "@VwoDimension(key=\"plan\") on " + NoParameterNames.CLASS + ".quote gave null; #plan could not be "
				+ "checked: " + NoParameterNames.CLASS + ".quote was compiled without parameter names, so a parameter "
				+ "cannot be referred to by name; compile with javac -parameters (as Spring Boot's parent POM does) "
				+ "or use #p0 / #a0");
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

	static class Typo {

		@VwoDimension(key = "plan", value = "#planName", userId = "#userId")
		public String quote(String plan, String userId) {
			return plan;
		}

	}

	static class PositionBeyond {

		@VwoDimension(key = "plan", value = "#p0", userId = "#p1")
		public String quote(String plan) {
			return plan;
		}

	}

	static class UnknownInCondition {

		@VwoDimension(key = "plan", value = "'gold'", userId = "'u'", condition = "#reslt != null")
		public String quote() {
			return "gold";
		}

	}

	static class EveryVariable {

		@VwoDimension(key = "plan", value = "#plan + #p0 + #a0 + #root.methodName + #root.args.length",
				userId = "#userId ?: #p1 ?: #a1", condition = "#result != null && #root.target != null "
						+ "&& {1, 2}.?[#this > 1].size() == 1 && @environment != null")
		public String quote(String plan, String userId) {
			return plan;
		}

	}

	static class Fine {

		@VwoDimension(key = "plan", value = "#plan", userId = "'u'")
		public String quote(String plan) {
			return plan;
		}

	}

}
