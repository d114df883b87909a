package dev.momentum.localstack.process;

import dev.momentum.localstack.StackStartException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks, so that a busy port is reported by name instead of as a component's stack trace. */
public final class Ports {

    private Ports() {
    }

    public static void requireFree(String component, String purpose, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new StackStartException(component + " cannot start: port " + port + " (" + purpose
                    + ") on 127.0.0.1 is already in use. Stop what uses it (is Momentum already running?"
                    + " try ./momentum status), or choose another port.");
        }
    }

    /**
     * A port that is free now and lies below the kernel's ephemeral range (32768 and up on Linux), so
     * that no outgoing connection takes it while the component that owns it is stopped: for tests that
     * stop a component and start it again on the same port.
     */
    public static int freeForRestarts() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(20_000, 32_000);
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException inUse) {
                // try another
            }
        }
        throw new StackStartException("no free local port between 20000 and 32000");
    }

    /** A port that is free now, for tests that must not clash with a running stack. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StackStartException("no free local port: " + e.getMessage(), e);
        }
    }
}
