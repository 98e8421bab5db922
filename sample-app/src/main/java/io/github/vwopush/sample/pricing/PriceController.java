package io.github.vwopush.sample.pricing;

import java.math.BigDecimal;
import java.util.Map;

import io.github.vwopush.VwoDimension;
import io.github.vwopush.VwoPushService;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Prices and plans. Each call tells VWO something about the user, so campaign reports can
 * be segmented by it. The user id comes from the {@code X-User-Id} header (the default
 * {@code VwoUserIdResolver}) unless an annotation says otherwise.
 */
@RestController
class PriceController {

	private final VwoPushService vwo;

	PriceController(VwoPushService vwo) {
		this.vwo = vwo;
	}

	/** Quote a price; the plan asked for becomes the {@code plan} custom dimension. */
	@GetMapping("/prices/{plan}")
	@VwoDimension(key = "plan", value = "#plan")
	Quote quote(@PathVariable String plan) {
		return new Quote(plan, priceOf(plan));
	}

	/** Subscribe: several dimensions, one from the result, pushed as one map for the user. */
	@PostMapping("/subscriptions")
	@VwoDimension(key = "plan", value = "#request.plan()")
	@VwoDimension(key = "billing", value = "#request.billing()")
	@VwoDimension(key = "price-band", value = "#result.monthlyPrice() >= 40 ? 'premium' : 'standard'",
			condition = "#result.monthlyPrice() > 0")
	Quote subscribe(@RequestBody SubscriptionRequest request) {
		// Bad input is the caller's mistake: a 400 that says what is wrong, and (the method throwing) no push.
		if (request.plan() == null || request.plan().isBlank()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "plan is required, for example \"gold\"");
		}
		return new Quote(request.plan(), priceOf(request.plan()));
	}

	/** The same without the annotation: an injected {@link VwoPushService}. */
	@PostMapping("/users/{userId}/segment")
	Map<String, Boolean> segment(@PathVariable String userId, @RequestBody Map<String, String> dimensions,
			@RequestHeader(name = "X-Tenant", defaultValue = "default") String tenant) {
		Map<String, String> withTenant = new java.util.LinkedHashMap<>(dimensions);
		withTenant.put("tenant", tenant);
		return this.vwo.push(withTenant, userId);
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

}
