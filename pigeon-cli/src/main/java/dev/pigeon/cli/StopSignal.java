package dev.pigeon.cli;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an action on SIGINT (Ctrl-C) and SIGTERM instead of letting the JVM die, so a foreground
 * server stops cleanly and exits 0; {@link #close()} restores the previous handlers.
 *
 * <p>Java has no public API for this; {@code sun.misc.Signal} (module jdk.unsupported) is what
 * every JVM ships. It is reached reflectively so the build stays free of proprietary-API
 * warnings. Where it is missing, a shutdown hook runs the action instead (the exit status is
 * then the JVM's).
 */
final class StopSignal implements AutoCloseable {
    private final List<Runnable> restore;

    private StopSignal(List<Runnable> restore) {
        this.restore = restore;
    }

    static StopSignal install(Runnable action) {
        List<Runnable> restore = new ArrayList<>();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                restore.add(handle(name, action));
            } catch (ReflectiveOperationException | RuntimeException e) {
                Thread hook = new Thread(action, "pigeon-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                restore.add(() -> removeHook(hook));
            }
        }
        return new StopSignal(restore);
    }

    /** {@code Signal.handle(new Signal(name), s -> action.run())}; returns how to undo it. */
    private static Runnable handle(String name, Runnable action) throws ReflectiveOperationException {
        Class<?> signalClass = Class.forName("sun.misc.Signal");
        Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
        Object signal = signalClass.getConstructor(String.class).newInstance(name);
        Object handler = Proxy.newProxyInstance(StopSignal.class.getClassLoader(), new Class<?>[] {handlerClass},
                (proxy, method, args) -> {
                    if (method.getName().equals("handle")) {
                        action.run();
                        return null;
                    }
                    return switch (method.getName()) {
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "StopSignal(" + name + ")";
                    };
                });
        Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
        Object previous = handle.invoke(null, signal, handler);
        return () -> {
            try {
                handle.invoke(null, signal, previous);
            } catch (ReflectiveOperationException e) {
                // the JVM is going away or never let us in; nothing to restore
            }
        };
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or ran
        }
    }

    @Override
    public void close() {
        restore.forEach(Runnable::run);
    }
}
