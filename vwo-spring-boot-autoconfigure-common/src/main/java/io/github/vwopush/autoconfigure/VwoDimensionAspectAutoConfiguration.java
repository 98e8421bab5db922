package io.github.vwopush.autoconfigure;

import io.github.vwopush.VwoPushService;
import io.github.vwopush.VwoUserIdResolver;
import io.github.vwopush.aop.DefaultVwoUserIdResolver;
import io.github.vwopush.aop.DimensionOperationSource;
import io.github.vwopush.aop.VwoDimensionInterceptor;
import io.github.vwopush.aop.VwoDimensionPointcut;

import org.springframework.aop.Advisor;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of {@code @VwoDimension}: an infrastructure advisor, so it works with
 * Spring AOP's proxies whether or not AspectJ's weaver is present.
 */
@AutoConfiguration(after = VwoAutoConfiguration.class)
@ConditionalOnBean(VwoPushService.class)
@ConditionalOnBooleanProperty(name = "vwo.aspect.enabled", matchIfMissing = true)
@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
public final class VwoDimensionAspectAutoConfiguration {

	private static final String SERVLET_CLASS = "jakarta.servlet.http.HttpServletRequest";

	private static final String TRANSACTIONS_CLASS = "org.springframework.transaction.support."
			+ "TransactionSynchronizationManager";

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean
	static DimensionOperationSource vwoDimensionOperationSource() {
		return new DimensionOperationSource();
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean(name = "vwoDimensionPointcut")
	static Pointcut vwoDimensionPointcut(DimensionOperationSource vwoDimensionOperationSource) {
		return new VwoDimensionPointcut(vwoDimensionOperationSource);
	}

	@Bean
	@ConditionalOnMissingBean
	VwoUserIdResolver vwoUserIdResolver(VwoProperties properties, ResourceLoader resourceLoader) {
		return new DefaultVwoUserIdResolver(properties.getAspect().getUserIdHeader(), resourceLoader.getClassLoader());
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static VwoDimensionInterceptor vwoDimensionInterceptor(DimensionOperationSource vwoDimensionOperationSource,
			ObjectProvider<VwoPushService> service, ObjectProvider<VwoUserIdResolver> userIdResolver,
			Environment environment, BeanFactory beanFactory, ResourceLoader resourceLoader) {
		// The application's class loader, not ours: only it knows whether the application has spring-tx.
		boolean pushAfterCommit = aspectProperties(environment).isPushAfterCommit()
				&& ClassUtils.isPresent(TRANSACTIONS_CLASS, resourceLoader.getClassLoader());
		// Off by default: an IP address is personal data. Only servlet requests are thread-bound.
		boolean forwardVisitor = aspectProperties(environment).isForwardUserAgentAndIp()
				&& ClassUtils.isPresent(SERVLET_CLASS, resourceLoader.getClassLoader());
		return new VwoDimensionInterceptor(vwoDimensionOperationSource, service, userIdResolver, beanFactory,
				pushAfterCommit, forwardVisitor);
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor vwoDimensionAdvisor(@Qualifier("vwoDimensionPointcut") Pointcut vwoDimensionPointcut,
			VwoDimensionInterceptor vwoDimensionInterceptor, Environment environment) {
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(vwoDimensionPointcut, vwoDimensionInterceptor);
		advisor.setOrder(aspectProperties(environment).getOrder());
		return advisor;
	}

	/**
	 * Bound straight from the environment: advisors are created before other beans, and
	 * injecting {@link VwoProperties} here would create it too early for post-processing.
	 */
	private static VwoProperties.Aspect aspectProperties(Environment environment) {
		return Binder.get(environment).bindOrCreate("vwo.aspect", VwoProperties.Aspect.class);
	}

}
