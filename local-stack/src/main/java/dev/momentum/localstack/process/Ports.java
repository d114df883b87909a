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

    /** A port that is free now, for tests that must not clash with a running stack. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StackStartException("no free local port: " + e.getMessage(), e);
        }
    }
}
