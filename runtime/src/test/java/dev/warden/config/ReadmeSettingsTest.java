package dev.warden.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** README's settings tables (`| setting | variable | default |`) name every setting Warden reads, and only those. */
class ReadmeSettingsTest {

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** The rows of README's tables whose second cell names a variable: {setting cell, variable cell}. */
    private static List<String[]> settingRows() throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
            String[] cells = line.split("\\|");
            if (line.startsWith("| `") && cells.length > 3 && cells[2].contains("`WARDEN_")) {
                rows.add(new String[] {cells[1], cells[2]});
            }
        }
        return rows;
    }

    private static List<String> code(String cell) {
        List<String> names = new ArrayList<>();
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void everySettingIsInAReadmeTableWithItsVariable() throws Exception {
        List<String[]> rows = settingRows();
        List<String> missing = new ArrayList<>();
        ConfigLoader.settings().forEach((setting, variable) -> {
            boolean listed = rows.stream().anyMatch(row -> code(row[0]).contains(setting)
                    && code(row[1]).stream().anyMatch(v -> v.equals(variable)
                    || v.startsWith("..._") && variable.endsWith(v.substring(3))));
            if (!listed) {
                missing.add(setting + " (" + variable + ")");
            }
        });
        assertThat(missing).as("settings README's tables leave out").isEmpty();
    }

    @Test
    void everySettingAReadmeTableNamesExists() throws Exception {
        List<String> unknown = new ArrayList<>();
        for (String[] row : settingRows()) {
            code(row[0]).stream().filter(s -> !ConfigLoader.settings().containsKey(s)).forEach(unknown::add);
            code(row[1]).stream().filter(v -> v.startsWith("WARDEN_"))
                    .filter(v -> !ConfigLoader.settings().containsValue(v)).forEach(unknown::add);
        }
        assertThat(unknown).as("settings or variables README's tables name that Warden does not read").isEmpty();
    }
}
