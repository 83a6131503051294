package dev.bioprompt.runners.engine;

import dev.bioprompt.api.task.ImageSet;
import dev.bioprompt.api.task.ImageSource;
import dev.bioprompt.api.task.LabeledImage;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small generated grey images: a checkerboard for class 0, a flat grey for the others, with per-image noise. */
final class ToyImages {

    private ToyImages() {
    }

    static ImageSet set(String name, List<String> classNames, int perClass, long seed) {
        List<LabeledImage> images = new ArrayList<>();
        for (int i = 0; i < perClass * classNames.size(); i++) {
            int label = i % classNames.size();
            String id = name + "/" + i;
            long imageSeed = seed * 1000 + i;
            images.add(new LabeledImage(new ImageSource() {
                @Override
                public String id() {
                    return id;
                }

                @Override
                public BufferedImage load() {
                    Random random = new Random(imageSeed);
                    BufferedImage image = new BufferedImage(80, 80, BufferedImage.TYPE_INT_RGB);
                    for (int y = 0; y < 80; y++) {
                        for (int x = 0; x < 80; x++) {
                            int base = label == 0 ? (x / 10 + y / 10) % 2 * 200 : 90;
                            int v = Math.max(0, Math.min(255, base + random.nextInt(40) - 20));
                            image.setRGB(x, y, v << 16 | v << 8 | v);
                        }
                    }
                    return image;
                }
            }, label));
        }
        return new ImageSet(name, classNames, images);
    }
}
