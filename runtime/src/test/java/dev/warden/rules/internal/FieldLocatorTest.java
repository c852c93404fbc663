package dev.warden.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.warden.rules.internal.FieldLocator.Place;

class FieldLocatorTest {

    @Test
    void findsEachTopLevelKeyOfTheObjectPassedToTheCall() {
        String text = """
                import { rule, manual } from 'warden';
                export default rule({
                  id: 'x',
                  'description': "has { and } and a // in it",
                  triggers: [manual()],
                  adminKey: { minutes: 5, id: 'not this one' },
                  async run({ log }) { log.info(`t ${ { timeout: 1 }.timeout } }`); return /'[}{]"/.test('a'); },
                  /* timeout: 'in a comment' */
                  timeout: '10s', // misfire: 'in a comment'
                  concurrency,
                });
                """;
        Map<String, Place> keys = FieldLocator.keys(text, 2, 16);
        assertThat(keys).containsOnly(
                Map.entry("id", new Place(3, 3)),
                Map.entry("description", new Place(4, 3)),
                Map.entry("triggers", new Place(5, 3)),
                Map.entry("adminKey", new Place(6, 3)),
                Map.entry("run", new Place(7, 9)),
                Map.entry("timeout", new Place(9, 3)),
                Map.entry("concurrency", new Place(10, 3)));
    }

    @Test
    void aKeyWrittenTwiceIsPlacedWhereItsKeptValueIs() {
        String text = "rule({ timeout: '1s', timeout: 'x' })";
        assertThat(FieldLocator.keys(text, 1, 1)).containsEntry("timeout", new Place(1, 23));
    }

    @Test
    void keysOfASpreadOrAComputedNameAreNotGuessed() {
        String text = "rule({ ...base, [name]: 1, id: 'x' })";
        assertThat(FieldLocator.keys(text, 1, 1)).containsOnlyKeys("id");
    }

    @Test
    void findsNothingWhereThereIsNoObjectLiteral() {
        assertThat(FieldLocator.keys("rule(spec)", 1, 1)).isEmpty();
        assertThat(FieldLocator.keys("when('x').webhook('y').then(() => 1)", 1, 1)).isEmpty();
        assertThat(FieldLocator.keys("rule({ id: 'never closed", 1, 1)).isEmpty();
        assertThat(FieldLocator.keys("rule({})", 3, 1)).isEmpty();
        assertThat(FieldLocator.keys("rule({})", 1, 40)).isEmpty();
    }

    @Test
    void aDivisionIsNotTakenForARegularExpression() {
        String text = "rule({ timeout: `${60 / 2}s`, id: a / b, triggers: [] })";
        assertThat(FieldLocator.keys(text, 1, 1)).containsOnlyKeys("timeout", "id", "triggers");
    }
}
