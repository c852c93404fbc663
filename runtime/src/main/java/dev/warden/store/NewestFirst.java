package dev.warden.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * The query behind every list of the API (runs, audit, lease audit): rows with the given column values (a null value
 * is no filter), below a cursor id when given, newest (highest id) first, at most a limit. Column names come from
 * code, values are always bound.
 */
public final class NewestFirst {

    /** Reads one row. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final StringBuilder sql;
    private final List<String> args = new ArrayList<>();
    /** The column of the first {@link #whereLeading}, named in the order too; null when none applied. */
    private String leading;

    /** @param selectFrom {@code SELECT <columns> FROM <table>} */
    public NewestFirst(String selectFrom) {
        this.sql = new StringBuilder(selectFrom).append(" WHERE 1 = 1");
    }

    public NewestFirst where(String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
        return this;
    }

    /**
     * As {@link #where}, for a column that leads an index on {@code (column, id)}. The first one given is named in the
     * order too ({@code ORDER BY column DESC, id DESC}; the same rows, since it holds one value): H2 then reads the page
     * from that index newest first, where for {@code ORDER BY id DESC} alone it read every row of that value and sorted
     * them (a page of a rule's 100,000 runs read 60,002 index entries instead of 51).
     */
    public NewestFirst whereLeading(String column, String value) {
        if (value != null && leading == null) {
            leading = column;
        }
        return where(column, value);
    }

    /** Only rows whose column holds one of the values, when given (none for an empty collection). */
    public NewestFirst whereIn(String column, java.util.Collection<String> values) {
        if (values != null) {
            if (values.isEmpty()) {
                sql.append(" AND 1 = 0");
                return this;
            }
            sql.append(" AND ").append(column).append(" IN (").append("?, ".repeat(values.size() - 1)).append("?)");
            args.addAll(values);
        }
        return this;
    }

    /** Only ids below {@code id} (the cursor of the page before), when given. */
    public NewestFirst before(String id) {
        if (id != null) {
            sql.append(" AND id < ?");
            args.add(id);
        }
        return this;
    }

    public String sql(int limit) {
        return sql + " ORDER BY " + (leading == null ? "" : leading + " DESC, ") + "id DESC FETCH FIRST " + limit
                + " ROWS ONLY";
    }

    public void bind(PreparedStatement ps) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setString(i + 1, args.get(i));
        }
    }

    public <T> List<T> fetch(DataSource dataSource, int limit, Row<T> row) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql(limit))) {
            bind(ps);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
            }
            return rows;
        }
    }
}
