package io.github.vwopush.test;

import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Clears the {@link VwoPushRecorder} of the test's application context after each test
 * method, so that tests sharing a cached context see only their own pushes. Registered in
 * {@code META-INF/spring.factories}; does nothing in contexts without a recorder.
 */
class ResetVwoPushRecorderTestExecutionListener implements TestExecutionListener, Ordered {

	@Override
	public void afterTestMethod(TestContext testContext) {
		// Never load a context only to clear it: a test that failed to start one has nothing recorded.
		if (testContext.hasApplicationContext()) {
			ApplicationContext context = testContext.getApplicationContext();
			context.getBeanProvider(VwoPushRecorder.class).forEach(VwoPushRecorder::reset);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 100;
	}

}
