package dev.bioprompt.data.descriptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonLiteralParserTest {

    @Test
    void readsTheFixtureInTheAuthorsSyntax() throws IOException {
        Path file = Path.of("src/test/resources/descriptions/biomedcoop/trainers/prompt_templates.py");
        Map<String, Object> module = PythonLiteralParser.parseModule(file.toString(), Files.readString(file));
        assertThat(module).containsOnlyKeys("CUSTOM_TEMPLATES", "IMAGENET_TEMPLATES", "BIOMEDCOOP_TEMPLATES");
        assertThat(module.get("IMAGENET_TEMPLATES")).isEqualTo(List.of("a bad photo of a {}.", "a photo of many {}."));
        @SuppressWarnings("unchecked")
        Map<String, Object> templates = (Map<String, Object>) module.get("BIOMEDCOOP_TEMPLATES");
        assertThat(templates.keySet()).containsExactly("normal brain", "glioma tumor", "Meningioma Tumor",
                "benign tumor");
        assertThat(templates.get("normal brain")).isEqualTo(List.of("A made-up sentence about a calm grey scan.",
                "Another invented line, split over two literals.",
                "Single quotes and an escaped 'quote' and a tab\there."));
        assertThat(templates.get("glioma tumor")).isEqualTo(List.of("An invented sentence about a blotchy region.",
                "A triple-quoted\ninvented sentence."));
        assertThat(templates.get("Meningioma Tumor")).isEqualTo(List.of("A fictional sentence with a unicode escape é."));
    }

    @Test
    void docstringTuplesAndRawStrings() throws IOException {
        Map<String, Object> m = PythonLiteralParser.parseModule("m.py",
                "'''doc'''\nA = (\"x\", r'\\d', u\"y\",)\nB = (\"one\"\n     \"two\")\nC = {}  # empty\n");
        assertThat(m.get("A")).isEqualTo(List.of("x", "\\d", "y"));
        assertThat(m.get("B")).isEqualTo("onetwo");
        assertThat(m.get("C")).isEqualTo(Map.of());
    }

    @Test
    void anythingButLiteralsIsAnErrorNamingTheLine() {
        assertThatThrownBy(() -> PythonLiteralParser.parseModule("t.py", "A = {\n  'a': [\n    'x',\n    len('y'),\n  ]}\n"))
                .isInstanceOf(IOException.class).hasMessageContaining("t.py: line 4")
                .hasMessageContaining("only strings, lists, tuples and dicts");
        assertThatThrownBy(() -> PythonLiteralParser.parseModule("t.py", "# c\nimport os\n"))
                .hasMessageContaining("line 2").hasMessageContaining("only assignments");
        assertThatThrownBy(() -> PythonLiteralParser.parseModule("t.py", "A = 'x' + 'y'\n"))
                .hasMessageContaining("line 1").hasMessageContaining("end of the statement");
        assertThatThrownBy(() -> PythonLiteralParser.parseModule("t.py", "A = f'x{__import__(\"os\")}'\n"))
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> PythonLiteralParser.parseModule("t.py", "A = {1: 'x'}\n"))
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> PythonLiteralParser.parseModule("t.py", "A = ['x',\n 'y'\n"))
                .hasMessageContaining("end of the file");
        assertThatThrownBy(() -> PythonLiteralParser.parseModule("t.py", "A = 'x\n"))
                .hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> PythonLiteralParser.parseModule("t.py", "A = ['x']\n  B = 'y'\n"))
                .hasMessageContaining("line 2").hasMessageContaining("indentation");
    }
}
