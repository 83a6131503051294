package dev.bioprompt.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MlflowKeysTest {
    @Test
    void acceptsWhatTheServerAccepts() {
        for (String key : new String[] {"loss", "train/acc", "optim.lr", "a-b_c d:e", "métrique", "a".repeat(250)}) {
            assertThatCode(() -> MlflowKeys.validateKey("metric", key)).as(key).doesNotThrowAnyException();
        }
    }

    @Test
    void rejectsWhatTheServerRejectsNamingTheKey() {
        assertThatThrownBy(() -> MlflowKeys.validateKey("metric", "bad key!"))
                .hasMessage("Invalid metric name 'bad key!': names may only contain alphanumerics, underscores (_), "
                        + "dashes (-), periods (.), spaces ( ), colon (:) and slashes (/)");
        for (String key : new String[] {"/abs", "trailing/", "a//b", ".", "a/./b", "../x", "a/.."}) {
            assertThatThrownBy(() -> MlflowKeys.validateKey("param", key)).as(key)
                    .hasMessageContaining("'" + key + "'").hasMessageContaining("normalized");
        }
        assertThatThrownBy(() -> MlflowKeys.validateKey("tag", "")).hasMessageContaining("empty");
        assertThatThrownBy(() -> MlflowKeys.validateKey("tag", "x".repeat(251))).hasMessageContaining("at most 250");
    }

    @Test
    void truncatesLongValuesAsTheServerDoes() {
        assertThat(MlflowKeys.paramValue("p", "v".repeat(6001))).hasSize(6000);
        assertThat(MlflowKeys.paramValue("p", "short")).isEqualTo("short");
        assertThat(MlflowKeys.tagValue("t", "v".repeat(9000))).hasSize(8000);
    }
}
