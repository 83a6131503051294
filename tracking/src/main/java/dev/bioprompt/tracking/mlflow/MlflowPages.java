package dev.bioprompt.tracking.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The items of a paged MLflow listing, following {@code next_page_token} until the server returns none. */
final class MlflowPages {

    private MlflowPages() {
    }

    /**
     * @param page fetches one page given its token ({@code ""} for the first page, which sends no token)
     * @param itemsField the response field holding the page's items ({@code metrics}, {@code experiments}, ...)
     * @param item reads one item
     * @return every page's items, in the server's order
     */
    static <T> List<T> all(Function<String, JsonNode> page, String itemsField, Function<JsonNode, T> item) {
        List<T> items = new ArrayList<>();
        String token = "";
        do {
            JsonNode response = page.apply(token);
            response.path(itemsField).forEach(node -> items.add(item.apply(node)));
            token = response.path("next_page_token").asText("");
        } while (!token.isEmpty());
        return items;
    }
}
