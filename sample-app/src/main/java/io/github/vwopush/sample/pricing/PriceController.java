package io.github.vwopush.sample.pricing;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.vwopush.VwoPushService;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Prices and plans. Each call tells VWO something about the user, so campaign reports can
 * be segmented by it.
 */
@RestController
class PriceController {

	private final VwoPushService vwo;

	PriceController(VwoPushService vwo) {
		this.vwo = vwo;
	}

	/** Quote a price; the user's plan becomes the {@code plan} custom dimension. */
	@GetMapping("/prices/{plan}")
	Quote quote(@PathVariable String plan, @RequestHeader("X-User-Id") String userId) {
		this.vwo.push("plan", plan, userId);
		return new Quote(plan, priceOf(plan));
	}

	/** Subscribe to a plan: several dimensions in one push. */
	@PostMapping("/subscriptions")
	Subscription subscribe(@RequestBody SubscriptionRequest request, @RequestHeader("X-User-Id") String userId) {
		Map<String, String> dimensions = new LinkedHashMap<>();
		dimensions.put("plan", request.plan());
		dimensions.put("billing", request.billing());
		Map<String, Boolean> accepted = this.vwo.push(dimensions, userId);
		return new Subscription(request.plan(), request.billing(), accepted);
	}

	private static BigDecimal priceOf(String plan) {
		return switch (plan) {
			case "gold" -> new BigDecimal("49.00");
			case "silver" -> new BigDecimal("19.00");
			default -> BigDecimal.ZERO;
		};
	}

	record Quote(String plan, BigDecimal monthlyPrice) {
	}

	record SubscriptionRequest(String plan, String billing) {
	}

	record Subscription(String plan, String billing, Map<String, Boolean> vwoAccepted) {
	}

}
