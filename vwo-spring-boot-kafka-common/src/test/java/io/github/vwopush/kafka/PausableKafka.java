package io.github.vwopush.kafka;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A real Kafka broker in a container (the image {@code .ci/docker-setup} builds offline), on a
 * fixed port of this machine that it also advertises, so that clients in this JVM reach it
 * after it was paused. {@link #pause()} freezes it as a broker that stopped answering: its
 * connections time out, and it keeps what it holds; {@link #resume()} brings it back.
 */
final class PausableKafka implements AutoCloseable {

	static final String IMAGE = "vwo-push/kafka:4.2.2";

	private final GenericContainer<?> container;

	private final int port;

	@SuppressWarnings("resource")
	private PausableKafka(int port) {
		this.port = port;
		this.container = new GenericContainer<>(DockerImageName.parse(IMAGE)).withExposedPorts(9092)
			.withCreateContainerCmdModifier((create) -> create.getHostConfig()
				.withPortBindings(new PortBinding(Ports.Binding.bindPort(port), new ExposedPort(9092))))
			.withCommand("--override", "advertised.listeners=PLAINTEXT://127.0.0.1:" + port)
			.waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1).withStartupTimeout(Duration.ofMinutes(2)));
	}

	/** A broker to be started later, on a port chosen now. */
	static PausableKafka onFreePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return new PausableKafka(socket.getLocalPort());
		}
	}

	String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	void start() {
		this.container.start();
	}

	void pause() {
		DockerClientFactory.instance().client().pauseContainerCmd(this.container.getContainerId()).exec();
	}

	void resume() {
		DockerClientFactory.instance().client().unpauseContainerCmd(this.container.getContainerId()).exec();
	}

	@Override
	public void close() {
		this.container.stop();
	}

	/**
	 * Runs a test when Docker is available; without it the test is skipped with a clear
	 * reason, except when {@code CI=true}: then it runs and fails, so CI proves it ran.
	 */
	static final class RequiresDocker implements ExecutionCondition {

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			if (DockerClientFactory.instance().isDockerAvailable()) {
				return ConditionEvaluationResult.enabled("Docker is available");
			}
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				return ConditionEvaluationResult.enabled("CI=true and Docker is not available: the test runs, and fails");
			}
			return ConditionEvaluationResult.disabled("Docker is not available, so the Kafka container test is skipped. "
					+ "Run 'bash .ci/docker-setup' (or start Docker) to run it; with CI=true it fails instead.");
		}

	}

}
