package io.github.vwopush.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small pricing service that tags its users with VWO custom dimensions.
 * <p>
 * Without {@code VWO_SDK_KEY} in the environment it runs with the {@code local-collector}
 * profile: the starter sends to a collector inside this app, which shows what VWO would
 * have received. With {@code VWO_ACCOUNT_ID} and {@code VWO_SDK_KEY} set it pushes to VWO.
 */
@SpringBootApplication
public class PricingApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(PricingApplication.class);
		if (System.getenv("VWO_SDK_KEY") == null) {
			application.setAdditionalProfiles("local-collector");
		}
		application.run(args);
	}

}
