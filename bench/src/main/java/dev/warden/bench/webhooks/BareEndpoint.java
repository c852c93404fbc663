package dev.warden.bench.webhooks;

import java.util.Map;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;

import dev.warden.http.Json;
import dev.warden.http.WardenServer;

/**
 * The baseline for the webhook benchmark: the same Javalin and Jackson set-up as Warden's server, a POST that
 * parses the JSON body and answers a fixed JSON, nothing else. {@code java ... BareEndpoint <port>}.
 */
public final class BareEndpoint {

    private static final Map<String, Object> ANSWER = Map.of("ok", true);

    private BareEndpoint() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Javalin.create(cfg -> {
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = 1024 * 1024;
            cfg.http.responseBufferSize = WardenServer.RESPONSE_COPY_BUFFER;
            cfg.jetty.host = "127.0.0.1";
            cfg.jetty.port = port;
            cfg.routes.post("/bare", ctx -> {
                if (Json.parseBody(ctx.body()) == null) {
                    ctx.status(400);
                }
                ctx.json(ANSWER);
            });
        }).start();
    }
}
