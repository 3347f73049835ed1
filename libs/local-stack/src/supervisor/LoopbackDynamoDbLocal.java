// Starts DynamoDB Local listening on 127.0.0.1 only. Its own main() binds every interface
// and has no host option; it also accepts any credentials, so on a shared network that is
// an open database. Run from source (java's single-file mode, JDK 11+): nothing compiled
// is shipped. Arguments are DynamoDB Local's own (-port, -inMemory, -sharedDb, ...).
// It also ends with its parent (the stack's supervisor), however that ends, kill -9 included:
// on EOF of its stdin (a pipe the parent holds open and never writes) or when the parent
// process is no longer alive (checked every 200 ms). Run it with stdin open.
import java.io.IOException;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.AbstractNetworkConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackDynamoDbLocal {
  static final String HOST = "127.0.0.1";

  public static void main(String[] args) throws Exception {
    exitWithParent();
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Server server;
    try {
      // The Jetty server DynamoDB Local builds with `new Server(port)`: any host, until set here.
      Field field = DynamoDBProxyServer.class.getDeclaredField("server");
      field.setAccessible(true);
      server = (Server) field.get(proxy);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw fail("this DynamoDB Local release has no Jetty server field to bind (" + e + ")");
    }
    Connector[] connectors = server.getConnectors();
    if (connectors.length == 0) throw fail("DynamoDB Local's Jetty server has no connector");
    for (Connector connector : connectors) {
      // Fail closed: never start a connector that could not be bound to loopback.
      if (!(connector instanceof AbstractNetworkConnector)) throw fail("unexpected connector " + connector);
      ((AbstractNetworkConnector) connector).setHost(HOST);
    }
    proxy.safeStart();
    proxy.join();
  }

  /** Daemon watchdogs: an orphaned server would hold its port and data for nobody. */
  static void exitWithParent() {
    ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
    Thread stdin = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // nothing is sent; read until the parent's end closes
        }
      } catch (IOException e) {
        // a broken pipe is the parent gone too
      }
      parentGone("its pipe closed");
    }, "parent-watchdog-stdin");
    Thread poll = new Thread(() -> {
      try {
        while (parent != null && parent.isAlive()) Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
      parentGone("it is no longer alive");
    }, "parent-watchdog-poll");
    for (Thread watchdog : new Thread[] {stdin, poll}) {
      watchdog.setDaemon(true);
      watchdog.start();
    }
  }

  static void parentGone(String how) {
    System.err.println("LoopbackDynamoDbLocal: its parent, the stack's supervisor, is gone (" + how + "); exiting.");
    // Shutdown hooks get 2 s; a hook that hangs must not keep an orphan alive.
    Thread halt = new Thread(() -> {
      try {
        Thread.sleep(2000);
      } catch (InterruptedException e) {
        // halt now
      }
      Runtime.getRuntime().halt(1);
    }, "parent-watchdog-halt");
    halt.setDaemon(true);
    halt.start();
    System.exit(1);
  }

  static IllegalStateException fail(String why) {
    return new IllegalStateException(
        "Cannot bind DynamoDB Local to " + HOST + ": " + why + ". Refusing to listen on every interface.");
  }
}
