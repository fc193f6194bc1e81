package graphkit.neo4j;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Starts embedded Neo4j Community with a Bolt connector on 127.0.0.1, and serves Neo4j Browser's
 * static files over HTTP beside it.
 *
 * <p>Usage: {@code java -cp target/classes:target/lib/* graphkit.neo4j.Launcher [--data DIR]
 * [--bolt-port N] [--http-port N] [--no-browser]}. The password comes from the environment
 * variable GRAPHKIT_NEO4J_PASSWORD (not argv, so it does not show in the process list). Ports
 * default to 0: a free port picked by the OS. Without --data, a temporary folder is used and
 * deleted on exit.
 *
 * <p>When ready it prints one line on stdout that callers parse:
 * {@code GRAPHKIT_NEO4J_READY bolt=bolt://127.0.0.1:P browser=http://127.0.0.1:Q/browser/ version=V}.
 * Anything else goes to stderr. SIGTERM (or SIGINT) shuts the database down cleanly.
 */
public final class Launcher {
  static final String READY = "GRAPHKIT_NEO4J_READY";
  static final String PASSWORD_ENV = "GRAPHKIT_NEO4J_PASSWORD";
  static final String HOST = "127.0.0.1";

  private Launcher() {}

  public static void main(String[] args) throws Exception {
    Path data = null;
    int boltPort = 0;
    int httpPort = 0;
    boolean browser = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(args[++i]).toAbsolutePath();
        case "--bolt-port" -> boltPort = Integer.parseInt(args[++i]);
        case "--http-port" -> httpPort = Integer.parseInt(args[++i]);
        case "--no-browser" -> browser = false;
        default -> fail("unknown argument " + args[i]);
      }
    }
    String password = System.getenv(PASSWORD_ENV);
    if (password == null || password.length() < 8) {
      fail(PASSWORD_ENV + " must hold a password of at least 8 characters");
    }
    boolean temporary = data == null;
    if (temporary) {
      data = Files.createTempDirectory("graphkit-neo4j-");
    }
    Files.createDirectories(data);

    // Neo4j's own startup chatter would interleave with our ready line; keep stdout for that line.
    PrintStream stdout = System.out;
    System.setOut(System.err);

    DatabaseManagementService dbms =
        new DatabaseManagementServiceBuilder(data)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, boltPort))
            .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, boltPort))
            // a stop should not wait long for idle client connections (defaults add ~15 s)
            .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(500))
            .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofMillis(500))
            .setConfig(HttpConnector.enabled, false)
            .setConfig(HttpsConnector.enabled, false)
            .setConfig(GraphDatabaseSettings.auth_enabled, true)
            // a local development server: keep the page cache small on shared machines
            .setConfig(GraphDatabaseSettings.pagecache_memory, 128L * 1024 * 1024)
            .build();

    HttpServer[] http = new HttpServer[1];
    CountDownLatch stopped = new CountDownLatch(1);
    Path dataDir = data;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (http[0] != null) {
                    http[0].stop(0);
                  }
                  dbms.shutdown();
                  if (temporary) {
                    deleteTree(dataDir);
                  }
                  stopped.countDown();
                }));

    setPassword(dbms, password);

    GraphDatabaseAPI db = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
    ConnectorPortRegister ports = db.getDependencyResolver().resolveDependency(ConnectorPortRegister.class);
    int bolt = ports.getLocalAddress(ConnectorType.BOLT).getPort();
    String version =
        (String)
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
                .executeTransactionally(
                    "CALL dbms.components() YIELD versions RETURN versions[0] AS v",
                    Map.of(),
                    r -> r.next().get("v"));

    String browserUrl = "-";
    if (browser) {
      http[0] = serveBrowser(httpPort, bolt, version);
      browserUrl = "http://" + HOST + ":" + http[0].getAddress().getPort() + "/browser/";
    }
    stdout.println(
        READY + " bolt=bolt://" + HOST + ":" + bolt + " browser=" + browserUrl + " version=" + version);
    stdout.flush();
    stopped.await();
  }

  /** The built-in neo4j user gets the given password, and no forced change on first login. */
  private static void setPassword(DatabaseManagementService dbms, String password) {
    try {
      dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
          .executeTransactionally(
              "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
    } catch (RuntimeException e) {
      // a restart on an existing data folder with the same password: nothing to change
      if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
        throw e;
      }
    }
  }

  /**
   * Neo4j Browser is a single-page app in the neo4j-browser jar under browser/. It asks the server
   * root for a discovery document (as Neo4j's HTTP connector answers) to learn the Bolt address.
   */
  private static HttpServer serveBrowser(int port, int bolt, String version) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), port), 0);
    String discovery =
        "{\"bolt_routing\":\"neo4j://"
            + HOST
            + ":"
            + bolt
            + "\",\"bolt_direct\":\"bolt://"
            + HOST
            + ":"
            + bolt
            + "\",\"neo4j_version\":\""
            + version
            + "\",\"neo4j_edition\":\"community\"}";
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/")) {
              String accept = String.valueOf(exchange.getRequestHeaders().getFirst("Accept"));
              if (accept.contains("json")) {
                send(exchange, 200, "application/json", discovery.getBytes(StandardCharsets.UTF_8));
              } else {
                exchange.getResponseHeaders().add("Location", "/browser/");
                exchange.sendResponseHeaders(302, -1);
              }
              return;
            }
            if (path.equals("/browser")) {
              exchange.getResponseHeaders().add("Location", "/browser/");
              exchange.sendResponseHeaders(302, -1);
              return;
            }
            String resource = path.substring(1);
            if (resource.endsWith("/")) {
              resource += "index.html";
            }
            if (!resource.startsWith("browser/") || resource.contains("..")) {
              send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
              return;
            }
            try (InputStream in = Launcher.class.getClassLoader().getResourceAsStream(resource)) {
              if (in == null) {
                send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                return;
              }
              send(exchange, 200, contentType(resource), in.readAllBytes());
            }
          }
        });
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    return server;
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String contentType(String name) {
    String ext = name.substring(name.lastIndexOf('.') + 1);
    return switch (ext) {
      case "html" -> "text/html; charset=utf-8";
      case "js", "mjs" -> "text/javascript; charset=utf-8";
      case "css" -> "text/css; charset=utf-8";
      case "json", "map" -> "application/json";
      case "svg" -> "image/svg+xml";
      case "png" -> "image/png";
      case "jpg", "jpeg" -> "image/jpeg";
      case "ico" -> "image/x-icon";
      case "woff" -> "font/woff";
      case "woff2" -> "font/woff2";
      case "ttf" -> "font/ttf";
      case "wasm" -> "application/wasm";
      default -> "application/octet-stream";
    };
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + root + ": " + e.getMessage());
    }
  }

  private static void fail(String message) {
    System.err.println("graphkit-neo4j: " + message);
    System.exit(2);
  }
}
