package dev.warden.store;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Why the store could not be opened, as one sentence naming the setting and what to do: the driver's own message
 * ("Connection refused", "database "x" does not exist") says what, not which setting to change.
 */
final class OpenFailures {

    private OpenFailures() {
    }

    static String dataFolder(Path dataDir, IOException e) {
        String why = switch (e) {
            case FileAlreadyExistsException f -> "a file, not a folder, is in its place (" + f.getFile() + ")";
            case AccessDeniedException a -> "permission denied at " + a.getFile() + "; let the user Warden runs as "
                    + "write there";
            default -> String.valueOf(e.getMessage());
        };
        return "cannot create the data folder " + dataDir.toAbsolutePath().normalize() + " (paths.data, "
                + "WARDEN_DATA_DIR): " + why;
    }

    /** @param url the URL with its password masked */
    static String database(String url, Throwable e) {
        String root = root(e).getMessage();
        String state = sqlState(e);
        String what;
        if (state != null && state.startsWith("28")) {
            what = "check database.user (WARDEN_DB_USER) and the password (WARDEN_DB_PASSWORD or "
                    + "database.passwordFile)";
        } else if ("3D000".equals(state)) {
            what = "create that database (e.g. createdb) or correct the name in the URL";
        } else if (state != null && state.startsWith("08")) {
            what = "is the database server running, and listening at that host and port?";
        } else {
            what = "check the URL";
        }
        return "cannot open the database " + url + " (database.url, WARDEN_DB_URL): " + root + "; " + what;
    }

    private static Throwable root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The SQL state of the first SQLException among the causes that has one. */
    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
