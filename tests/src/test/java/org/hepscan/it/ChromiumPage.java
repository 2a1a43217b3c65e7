package org.hepscan.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A local HTML page as a browser shows it: headless Chromium loads the file, and the DevTools
 * protocol tells which of its images really loaded and takes a full-page screenshot. Checking
 * that a report's image files exist is not enough: a wrong relative path, a broken data: URI or
 * a file the browser cannot decode shows as an empty box only in a browser.
 *
 * <p>Tests call {@link #find()} and skip (JUnit Assumptions) when it is empty: machines without
 * Chromium, e.g. CI runners, cannot run them.
 */
public final class ChromiumPage {
  /** Names Chromium goes by on Linux distributions, in the order tried on the PATH. */
  private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int WIDTH = 1280;
  /** Taller pages are cut: GPU-less Chromium cannot capture a surface much larger than this. */
  static final int MAX_HEIGHT = 16384;

  /** One {@code <img>} of the page, in document order. */
  public record Image(String src, boolean loaded, int naturalWidth, int naturalHeight) {
  }

  /**
   * What the page showed. {@code pageHeight} is the document's full height in CSS pixels (the
   * screenshot is cut at {@link #MAX_HEIGHT}); {@code processes} are the Chromium processes that
   * were ended afterwards, so that callers can check none is left.
   */
  public record Result(List<Image> images, Path screenshot, int pageHeight, List<Long> processes) {
    public long loadedImages() {
      return images.stream().filter(Image::loaded).count();
    }
  }

  private ChromiumPage() {
  }

  /**
   * The Chromium to run: the system property {@code hepscan.chromium} if set (it must then be
   * executable), else the first of {@link #NAMES} on the PATH (Debian's package installs
   * /usr/bin/chromium); empty when there is none.
   */
  public static Optional<Path> find() {
    String set = System.getProperty("hepscan.chromium");
    if (set != null && !set.isBlank()) {
      // a wrong setting must not pass as "no Chromium here" and skip the tests quietly
      if (!Files.isExecutable(Path.of(set))) {
        throw new IllegalStateException("hepscan.chromium=" + set + " is not an executable file");
      }
      return Optional.of(Path.of(set));
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String name : NAMES) {
      for (String d : path.split(java.io.File.pathSeparator)) {
        Path p = Path.of(d.isEmpty() ? "." : d, name);
        if (Files.isExecutable(p) && !Files.isDirectory(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Loads {@code html} in a fresh headless Chromium whose profile lies under {@code workDir},
   * waits for the load event and for every image to load or fail, and writes a full-page PNG to
   * {@code screenshot}. The browser and everything it started are ended before this returns.
   */
  public static Result render(Path chromium, Path html, Path screenshot, Path workDir, Duration timeout)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(html)) {
      throw new IOException("no HTML file at " + html);
    }
    Files.createDirectories(workDir);
    Path profile = Files.createTempDirectory(workDir, "chromium-profile-");
    Process browser = new ProcessBuilder(chromium.toString(),
        "--headless=new", "--remote-debugging-port=0", "--user-data-dir=" + profile,
        // root in a container has no user namespaces for the sandbox; the page is our own file
        "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
        "--disable-extensions", "--disable-background-networking", "--hide-scrollbars", "--mute-audio",
        "--window-size=" + WIDTH + ",900", "about:blank")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    List<Long> processes = new ArrayList<>();
    try {
      StderrWatch stderr = new StderrWatch(browser);
      URI browserSocket = stderr.devtools(browser, timeout);
      try (Devtools page = Devtools.connect(pageSocket(browserSocket, timeout), timeout)) {
        List<Image> images = load(page, html);
        int height = page.contentHeight();
        page.viewport(Math.min(height, MAX_HEIGHT));
        JsonNode shot = page.call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
        Files.createDirectories(screenshot.toAbsolutePath().getParent());
        Files.write(screenshot, Base64.getDecoder().decode(shot.path("data").asText()));
        return new Result(images, screenshot, height, processes);
      }
    } finally {
      processes.addAll(killTree(browser));
      deleteTree(profile);
    }
  }

  private static List<Image> load(Devtools page, Path html) throws IOException, InterruptedException {
    page.call("Page.enable", JSON.createObjectNode());
    CompletableFuture<JsonNode> loaded = page.nextEvent("Page.loadEventFired");
    JsonNode nav = page.call("Page.navigate", JSON.createObjectNode().put("url", html.toAbsolutePath().toUri().toString()));
    if (nav.hasNonNull("errorText")) {
      throw new IOException("Chromium could not open " + html + ": " + nav.get("errorText").asText());
    }
    page.await(loaded, "the load event of " + html);
    // the whole page in the viewport, so that lazily loaded images below the fold load too
    page.viewport(Math.min(page.contentHeight(), MAX_HEIGHT));
    page.evaluate("Promise.all(Array.from(document.images, i => i.complete ? null"
        + " : new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); })))"
        + ".then(() => true)");
    JsonNode list = JSON.readTree(page.evaluate("JSON.stringify(Array.from(document.images, i => ({"
        + "src: i.getAttribute('src') || '', loaded: i.complete && i.naturalWidth > 0,"
        + "w: i.naturalWidth, h: i.naturalHeight})))").asText());
    List<Image> images = new ArrayList<>();
    for (JsonNode i : list) {
      images.add(new Image(i.get("src").asText(), i.get("loaded").asBoolean(), i.get("w").asInt(), i.get("h").asInt()));
    }
    return images;
  }

  /** The page target's socket; Chromium opens one for about:blank, else a new one is made. */
  private static URI pageSocket(URI browserSocket, Duration timeout) throws IOException, InterruptedException {
    String base = "http://" + browserSocket.getHost() + ":" + browserSocket.getPort();
    HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
    JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/json/list")).timeout(timeout).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    for (JsonNode t : targets) {
      if (t.path("type").asText().equals("page") && t.hasNonNull("webSocketDebuggerUrl")) {
        return URI.create(t.get("webSocketDebuggerUrl").asText());
      }
    }
    HttpResponse<String> made = http.send(HttpRequest.newBuilder(URI.create(base + "/json/new?about:blank"))
        .PUT(HttpRequest.BodyPublishers.noBody()).timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode t = JSON.readTree(made.body());
    if (!t.hasNonNull("webSocketDebuggerUrl")) {
      throw new IOException("Chromium at " + base + " has no page target and made none: " + made.body());
    }
    return URI.create(t.get("webSocketDebuggerUrl").asText());
  }

  /**
   * Ends {@code p} and its descendants by PID, found before any is ended (an orphan is no
   * longer a descendant): politely first, then forcibly after 5 s.
   */
  static List<Long> killTree(Process p) throws InterruptedException {
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(p.toHandle());
    p.descendants().forEach(tree::add);
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (ProcessHandle h : tree) {
      try {
        h.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        h.destroyForcibly();
      }
    }
    p.waitFor(5, TimeUnit.SECONDS);
    return tree.stream().map(ProcessHandle::pid).toList();
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      // a profile left under target/ harms nothing; mvn clean removes it
    }
  }

  /**
   * Reads Chromium's standard error to the end (a full pipe would stall the browser), picks the
   * DevTools address out of it and keeps the last lines for error messages.
   */
  private static final class StderrWatch {
    private final CompletableFuture<URI> address = new CompletableFuture<>();
    private final Deque<String> tail = new ArrayDeque<>();

    StderrWatch(Process browser) {
      Thread t = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(browser.getErrorStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
              address.complete(URI.create(m.group(1)));
            }
            synchronized (tail) {
              tail.addLast(line);
              if (tail.size() > 30) {
                tail.removeFirst();
              }
            }
          }
        } catch (IOException e) {
          // the stream closes when the browser is killed
        }
        address.completeExceptionally(new IOException("Chromium closed its standard error before printing a DevTools address"));
      }, "chromium-stderr");
      t.setDaemon(true);
      t.start();
    }

    URI devtools(Process browser, Duration timeout) throws IOException, InterruptedException {
      try {
        return address.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        String how = browser.isAlive() ? "no DevTools address within " + timeout.toSeconds() + " s"
            : "Chromium exited with " + browser.exitValue();
        String lines;
        synchronized (tail) {
          lines = String.join("\n  ", tail);
        }
        throw new IOException(how + "; its last standard error lines:\n  " + lines, e);
      }
    }
  }

  /** One DevTools protocol session on a page target: numbered commands, their answers, and events. */
  private static final class Devtools implements WebSocket.Listener, AutoCloseable {
    private final Duration timeout;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<JsonNode>> events = new ConcurrentHashMap<>();
    private final StringBuilder message = new StringBuilder();
    private WebSocket socket;

    private Devtools(Duration timeout) {
      this.timeout = timeout;
    }

    static Devtools connect(URI page, Duration timeout) throws IOException, InterruptedException {
      Devtools d = new Devtools(timeout);
      d.socket = d.await(HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(timeout).buildAsync(page, d),
          "the DevTools socket " + page);
      return d;
    }

    /** Sends {@code method} and returns its result; a protocol error becomes an IOException naming the method. */
    JsonNode call(String method, ObjectNode params) throws IOException, InterruptedException {
      int id = ids.incrementAndGet();
      CompletableFuture<JsonNode> answer = new CompletableFuture<>();
      answers.put(id, answer);
      ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
      msg.set("params", params);
      await(socket.sendText(JSON.writeValueAsString(msg), true), "sending " + method);
      JsonNode a = await(answer, method);
      if (a.has("error")) {
        throw new IOException("DevTools " + method + " failed: " + a.get("error"));
      }
      return a.path("result");
    }

    /** The next event {@code method}; ask before the command that causes it (earlier ones are not kept). */
    CompletableFuture<JsonNode> nextEvent(String method) {
      return events.computeIfAbsent(method, m -> new CompletableFuture<>());
    }

    /** Evaluates a JavaScript expression in the page, waiting for it if it is a promise; returns its value. */
    JsonNode evaluate(String expression) throws IOException, InterruptedException {
      JsonNode r = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
          .put("awaitPromise", true).put("returnByValue", true));
      if (r.has("exceptionDetails")) {
        throw new IOException("JavaScript failed in the page: " + r.get("exceptionDetails"));
      }
      return r.path("result").path("value");
    }

    int contentHeight() throws IOException, InterruptedException {
      JsonNode m = call("Page.getLayoutMetrics", JSON.createObjectNode());
      JsonNode size = m.has("cssContentSize") ? m.get("cssContentSize") : m.path("contentSize");
      return (int) Math.ceil(size.path("height").asDouble(900));
    }

    /** A viewport {@code height} CSS pixels tall at scale 1: the screenshot is then the whole page. */
    void viewport(int height) throws IOException, InterruptedException {
      call("Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", WIDTH)
          .put("height", Math.max(height, 1)).put("deviceScaleFactor", 1).put("mobile", false));
    }

    <T> T await(CompletionStage<T> f, String what) throws IOException, InterruptedException {
      try {
        return f.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw new IOException("Chromium: no answer to " + what + " within " + timeout.toSeconds() + " s", e);
      } catch (ExecutionException e) {
        throw new IOException("Chromium: " + what + " failed: " + e.getCause(), e.getCause());
      }
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      message.append(data);
      if (last) {
        String text = message.toString();
        message.setLength(0);
        try {
          JsonNode msg = JSON.readTree(text);
          if (msg.has("id")) {
            CompletableFuture<JsonNode> a = answers.remove(msg.get("id").asInt());
            if (a != null) {
              a.complete(msg);
            }
          } else if (msg.has("method")) {
            CompletableFuture<JsonNode> waiting = events.remove(msg.get("method").asText());
            if (waiting != null) {
              waiting.complete(msg.path("params"));
            }
          }
        } catch (IOException e) {
          answers.values().forEach(a -> a.completeExceptionally(e));
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      IOException closed = new IOException("DevTools socket closed (" + status + " " + reason + ")");
      answers.values().forEach(a -> a.completeExceptionally(closed));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      answers.values().forEach(a -> a.completeExceptionally(error));
    }

    @Override
    public void close() {
      if (socket != null) {
        socket.abort();
      }
    }
  }
}
