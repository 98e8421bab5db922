package io.github.vwopush.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code vwo.account-id} has a value. Unlike {@code @ConditionalOnProperty},
 * an empty value and an unresolvable placeholder do not match: both mean "not set", so
 * {@code vwo.account-id: ${VWO_ACCOUNT_ID:}} is safe in an application whose tests run
 * without the variable.
 */
class OnVwoAccountIdCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		VwoAccountIdSetting setting = VwoAccountIdSetting.of(context.getEnvironment());
		ConditionMessage.Builder message = ConditionMessage.forCondition("VWO account id");
		return setting.isSet() ? ConditionOutcome.match(message.because(setting.describe()))
				: ConditionOutcome.noMatch(message.because(setting.describe()));
	}

}
