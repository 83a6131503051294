package dev.bioprompt.methods.biovlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.method.ClassDescriptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeSentencesTest {

    @Test
    void clauseRulesApplyInTheReferenceOrder() {
        assertThat(AttributeSentences.clause("asymmetrical shape")).isEqualTo("which is asymmetrical shape");
        assertThat(AttributeSentences.clause("abundant mucus")).isEqualTo("which is abundant mucus");
        assertThat(AttributeSentences.clause("has irregular borders")).isEqualTo("which has irregular borders");
        assertThat(AttributeSentences.clause("often appears dark")).isEqualTo("which often appears dark");
        assertThat(AttributeSentences.clause("typically round")).isEqualTo("which typically round");
        assertThat(AttributeSentences.clause("may bleed")).isEqualTo("which may bleed");
        assertThat(AttributeSentences.clause("can spread")).isEqualTo("which can spread");
        assertThat(AttributeSentences.clause("used for staging")).isEqualTo("which is used for staging");
        assertThat(AttributeSentences.clause("dense nuclei")).isEqualTo("which has dense nuclei");
    }

    @Test
    void sentenceJoinsPrefixClassSuffixAndClause() {
        assertThat(AttributeSentences.sentence("a colon pathology of", "adipose", "type of colorectal cancer",
                "large empty vacuoles"))
                .isEqualTo("a colon pathology of adipose type of colorectal cancer, which has large empty vacuoles");
        assertThat(AttributeSentences.sentence("a fundus image of", "normal_retina", "", "a clear optic disc"))
                .isEqualTo("a fundus image of normal retina , which is a clear optic disc");
    }

    @Test
    void takesTheFirstDescriptorsByClassNameAndNamesAShortClass() {
        ClassDescriptions d = new ClassDescriptions("attrs.json", Map.of(
                "b", List.of("x1", "x2", "x3"), "a", List.of("y1", "y2")));
        assertThat(AttributeSentences.of(d, List.of("b", "a"), 2, "p", "s"))
                .containsExactly(List.of("p b s, which has x1", "p b s, which has x2"),
                        List.of("p a s, which has y1", "p a s, which has y2"));
        assertThatThrownBy(() -> AttributeSentences.of(d, List.of("b", "a"), 3, "p", "s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a'").hasMessageContaining("attrs.json").hasMessageContaining("bank-size");
    }
}
