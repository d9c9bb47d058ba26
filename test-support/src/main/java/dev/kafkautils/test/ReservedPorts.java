package dev.kafkautils.test;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Loopback ports for the nodes' listeners, kept bound by this JVM until the nodes that will
 * listen on them are about to start.
 * <p>
 * Why both this and a retry: a port found free and let go at once (as a probe socket does)
 * can be taken by any process that asks the kernel for a port (every outgoing connection
 * does) during the seconds before Kafka binds it. A bound socket cannot be handed to a child
 * JVM, and a KRaft quorum needs its controller ports before any node starts, so Kafka cannot
 * pick them itself (port 0) either. Holding the sockets through configuration and storage
 * formatting shrinks the window to the nodes' JVM start; it does not close it. A node that
 * loses its port all the same exits with {@code Address already in use}, and
 * {@link KafkaCluster} then starts every node again on new ports: a lost race costs a retry,
 * not a failed test.
 */
final class ReservedPorts implements AutoCloseable {

	private final int[] ports;

	private final List<Closeable> holders;

	/**
	 * @param ports the port numbers
	 * @param holders what keeps them bound until {@link #close()}
	 */
	ReservedPorts(int[] ports, List<? extends Closeable> holders) {
		this.ports = ports.clone();
		this.holders = new ArrayList<>(holders);
	}

	/**
	 * Bind {@code count} free loopback ports and keep them bound.
	 * @param count how many ports
	 * @return the reserved ports
	 */
	static ReservedPorts reserve(int count) {
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
			}
		}
		catch (IOException ex) {
			new ReservedPorts(new int[0], sockets).close();
			throw new UncheckedIOException("Could not reserve " + count + " loopback ports", ex);
		}
		return new ReservedPorts(sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray(), sockets);
	}

	int port(int index) {
		return this.ports[index];
	}

	/** Let the ports go, just before the nodes that bind them start. */
	@Override
	public void close() {
		this.holders.forEach(ReservedPorts::closeQuietly);
	}

	private static void closeQuietly(Closeable holder) {
		try {
			holder.close();
		}
		catch (IOException ex) {
			// a socket that does not close cleanly is closed all the same
		}
	}

}
