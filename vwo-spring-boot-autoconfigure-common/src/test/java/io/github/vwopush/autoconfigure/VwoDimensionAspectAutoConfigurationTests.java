package io.github.vwopush.autoconfigure;

import java.lang.reflect.Method;
import java.util.List;

import io.github.vwopush.PushReason;
import io.github.vwopush.VwoDimension;
import io.github.vwopush.VwoUserIdResolver;
import io.github.vwopush.aop.DefaultVwoUserIdResolver;
import io.github.vwopush.aop.DimensionOperationSource;
import io.github.vwopush.aop.VwoDimensionInterceptor;
import io.github.vwopush.internal.delivery.DefaultVwoPushService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;

class VwoDimensionAspectAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, VwoAutoConfiguration.class,
				VwoDimensionAspectAutoConfiguration.class))
		// Dev mode: validated and counted (reason dev_mode) with no network, so a push is visible at once.
		.withPropertyValues("vwo.account-id=123456", "vwo.dev-mode=true");

	@AfterEach
	void clearThreadBoundState() {
		SecurityContextHolder.clearContext();
		RequestContextHolder.resetRequestAttributes();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.clear();
		}
	}

	@Test
	void runShouldCreateTheAdvisorAndTheDefaultUserIdResolver() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(DimensionOperationSource.class)
				.hasSingleBean(VwoDimensionInterceptor.class)
				.hasBean("vwoDimensionPointcut")
				.hasBean("vwoDimensionAdvisor");
			assertThat(context).getBean(VwoUserIdResolver.class).isInstanceOf(DefaultVwoUserIdResolver.class);
		});
	}

	@Test
	void runShouldPushWhatAnAnnotatedMethodReturns() {
		this.runner.withUserConfiguration(Annotated.class).run((context) -> {
			context.getBean(Prices.class).quote("gold");
			assertThat(devModeCount(context)).isEqualTo(1);
		});
	}

	@Test
	void runWhenAspectDisabledShouldNotCreateTheAdvisor() {
		this.runner.withPropertyValues("vwo.aspect.enabled=false")
			.withUserConfiguration(Annotated.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean("vwoDimensionAdvisor")
					.doesNotHaveBean(VwoDimensionInterceptor.class)
					.doesNotHaveBean(VwoUserIdResolver.class);
				context.getBean(Prices.class).quote("gold");
				assertThat(devModeCount(context)).isZero();
			});
	}

	@Test
	void runWithoutPushServiceShouldNotCreateTheAdvisor() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(VwoAutoConfiguration.class,
					VwoDimensionAspectAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("vwoDimensionAdvisor")
				.doesNotHaveBean(VwoUserIdResolver.class));
	}

	@Test
	void runWhenUserDefinesAUserIdResolverShouldUseIt() {
		this.runner.withUserConfiguration(OwnUserIdResolver.class).run((context) -> {
			assertThat(context).hasSingleBean(VwoUserIdResolver.class);
			assertThat(context).getBean(VwoUserIdResolver.class).isSameAs(context.getBean("ownUserIdResolver"));
		});
	}

	@Test
	void runWhenUserDefinesThePointcutShouldAdviseWithIt() {
		this.runner.withUserConfiguration(OwnPointcut.class).run((context) -> {
			DefaultPointcutAdvisor advisor = context.getBean("vwoDimensionAdvisor", DefaultPointcutAdvisor.class);
			assertThat(advisor.getPointcut()).isSameAs(context.getBean("vwoDimensionPointcut"))
				.isInstanceOf(NothingPointcut.class);
		});
	}

	@Test
	void runWhenUserDefinesTheOperationSourceShouldUseIt() {
		this.runner.withUserConfiguration(OwnOperationSource.class).run((context) -> {
			assertThat(context).hasSingleBean(DimensionOperationSource.class);
			assertThat(context).getBean(DimensionOperationSource.class)
				.isSameAs(context.getBean("ownOperationSource"));
		});
	}

	@Test
	void runWithSpringTxShouldPushOnlyAfterCommit() {
		// The control for the next test: inside a synchronization the push waits for the commit.
		this.runner.withUserConfiguration(Annotated.class).run((context) -> {
			beginTransaction();
			context.getBean(Prices.class).quote("gold");
			assertThat(devModeCount(context)).isZero();
			TransactionSynchronizationUtils.triggerAfterCommit();
			assertThat(devModeCount(context)).isEqualTo(1);
		});
	}

	@Test
	void runWithoutSpringTxShouldPushAtOnce() {
		// Without spring-tx no transaction can exist; the synchronization opened here by hand only shows that
		// the interceptor decided from the application's class loader that there is no spring-tx to wait for.
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.transaction"))
			.withUserConfiguration(Annotated.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				beginTransaction();
				context.getBean(Prices.class).quote("gold");
				assertThat(devModeCount(context)).isEqualTo(1);
			});
	}

	@Test
	void runWithSpringSecurityShouldPreferThePrincipalToTheHeader() {
		this.runner.run((context) -> {
			authenticate("alice");
			bindRequestWithHeader("bob");
			assertThat(context.getBean(VwoUserIdResolver.class).resolveUserId()).isEqualTo("alice");
		});
	}

	@Test
	void runWithoutSpringSecurityShouldReadTheHeader() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.security")).run((context) -> {
			assertThat(context).hasNotFailed();
			authenticate("alice");
			bindRequestWithHeader("bob");
			assertThat(context.getBean(VwoUserIdResolver.class).resolveUserId()).isEqualTo("bob");
		});
	}

	@Test
	void runWithoutServletApiShouldStillUseThePrincipal() {
		this.runner.withClassLoader(new FilteredClassLoader("jakarta.servlet")).run((context) -> {
			assertThat(context).hasNotFailed();
			authenticate("alice");
			assertThat(context.getBean(VwoUserIdResolver.class).resolveUserId()).isEqualTo("alice");
		});
	}

	@Test
	void runWithoutServletApiShouldNotReadARequest() {
		this.runner.withClassLoader(new FilteredClassLoader("jakarta.servlet")).run((context) -> {
			bindRequestWithHeader("bob");
			assertThat(context.getBean(VwoUserIdResolver.class).resolveUserId()).isNull();
		});
	}

	@Test
	void runWithoutSpringSecurityOrServletApiShouldPushWithAUserIdExpression() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.security", "jakarta.servlet"))
			.withUserConfiguration(Annotated.class)
			.run((context) -> {
				context.getBean(Prices.class).quote("gold");
				assertThat(devModeCount(context)).isEqualTo(1);
			});
	}

	private static long devModeCount(ApplicationContext context) {
		return context.getBean(DefaultVwoPushService.class).counters().count(PushReason.DEV_MODE);
	}

	private static void beginTransaction() {
		TransactionSynchronizationManager.initSynchronization();
		TransactionSynchronizationManager.setActualTransactionActive(true);
	}

	private static void authenticate(String name) {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(name, null, List.of()));
	}

	private static void bindRequestWithHeader(String userId) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("X-User-Id", userId);
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
	}

	// Public: the class-based proxy of a filtered context is defined by another class loader.
	public static class Prices {

		@VwoDimension(key = "plan", value = "#plan", userId = "'carol'")
		public String quote(String plan) {
			return "49";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Annotated {

		@Bean
		Prices prices() {
			return new Prices();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnUserIdResolver {

		@Bean
		VwoUserIdResolver ownUserIdResolver() {
			return () -> "from-own-resolver";
		}

	}

	static class NothingPointcut extends StaticMethodMatcherPointcut {

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			return false;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnPointcut {

		@Bean
		static Pointcut vwoDimensionPointcut() {
			return new NothingPointcut();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnOperationSource {

		@Bean
		static DimensionOperationSource ownOperationSource() {
			return new DimensionOperationSource();
		}

	}

}
