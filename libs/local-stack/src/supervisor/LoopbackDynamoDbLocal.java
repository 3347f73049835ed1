// Starts DynamoDB Local listening on 127.0.0.1 only. Its own main() binds every interface
// and has no host option; it also accepts any credentials, so on a shared network that is
// an open database. Run from source (java's single-file mode, JDK 11+): nothing compiled
// is shipped. Arguments are DynamoDB Local's own (-port, -inMemory, -sharedDb, ...).
import java.lang.reflect.Field;
import org.eclipse.jetty.server.AbstractNetworkConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackDynamoDbLocal {
  static final String HOST = "127.0.0.1";

  public static void main(String[] args) throws Exception {
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

  static IllegalStateException fail(String why) {
    return new IllegalStateException(
        "Cannot bind DynamoDB Local to " + HOST + ": " + why + ". Refusing to listen on every interface.");
  }
}
