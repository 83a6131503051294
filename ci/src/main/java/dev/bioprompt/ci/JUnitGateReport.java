package dev.bioprompt.ci;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Renders a gate verdict as JUnit XML (one {@code testcase} per check, a {@code failure} for each failed check), so
 * CI systems (GitHub Actions reporters, GitLab test reports, Jenkins) show the gate like a test suite.
 */
public final class JUnitGateReport {

    /** The test-suite name. */
    public static final String SUITE = "bioprompt.promotion-gate";

    private JUnitGateReport() {
    }

    /** The XML document text. */
    public static String render(GateResult result) {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element suites = doc.createElement("testsuites");
            doc.appendChild(suites);
            Element suite = doc.createElement("testsuite");
            suites.appendChild(suite);
            String tests = Integer.toString(result.checks().size());
            String failures = Integer.toString(result.failures().size());
            for (Element e : new Element[] {suites, suite}) {
                e.setAttribute("name", SUITE);
                e.setAttribute("tests", tests);
                e.setAttribute("failures", failures);
                e.setAttribute("errors", "0");
            }
            suite.setAttribute("skipped", "0");
            Element properties = doc.createElement("properties");
            suite.appendChild(properties);
            property(doc, properties, "candidate", result.candidate());
            property(doc, properties, "champion", result.champion());
            property(doc, properties, "metric", result.metric());
            for (CheckResult check : result.checks()) {
                Element testcase = doc.createElement("testcase");
                testcase.setAttribute("classname", SUITE);
                testcase.setAttribute("name", clean(check.name()));
                testcase.setAttribute("time", "0");
                if (!check.passed()) {
                    Element failure = doc.createElement("failure");
                    failure.setAttribute("message", clean("expected " + check.expected() + ", actual " + check.actual()));
                    failure.setAttribute("type", "GateCheckFailed");
                    failure.setTextContent(clean("check: " + check.name() + "\nexpected: " + check.expected()
                            + "\nactual: " + check.actual() + (check.note().isEmpty() ? "" : "\n" + check.note())));
                    testcase.appendChild(failure);
                }
                if (!check.note().isEmpty() && check.passed()) {
                    Element out = doc.createElement("system-out");
                    out.setTextContent(clean(check.note()));
                    testcase.appendChild(out);
                }
                suite.appendChild(testcase);
            }
            List<String> lines = new ArrayList<>(result.notes());
            if (!result.runs().isEmpty()) {
                lines.add("runs considered:");
                for (RunDecision r : result.runs()) {
                    lines.add("  " + r.role() + " " + r.runId() + (r.dataset().isEmpty() ? "" : " " + r.dataset())
                            + (r.seed().isEmpty() ? "" : " seed " + r.seed()) + ": "
                            + (r.counted() ? "counted, " : "left out, ") + r.reason());
                }
            }
            if (!lines.isEmpty()) {
                Element out = doc.createElement("system-out");
                out.setTextContent(clean(String.join("\n", lines)));
                suite.appendChild(out);
            }
            TransformerFactory factory = TransformerFactory.newInstance();
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer transformer = factory.newTransformer();
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            StringWriter writer = new StringWriter();
            transformer.transform(new DOMSource(doc), new StreamResult(writer));
            return writer.toString();
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IllegalStateException("cannot build the JUnit XML report", e);
        }
    }

    /** Drops characters XML 1.0 cannot carry. */
    static String clean(String text) {
        return text.codePoints().filter(c -> c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE
                && c != 0xFFFF && (c < 0xD800 || c > 0xDFFF))).collect(StringBuilder::new, StringBuilder::appendCodePoint,
                StringBuilder::append).toString();
    }

    private static void property(Document doc, Element properties, String name, String value) {
        Element p = doc.createElement("property");
        p.setAttribute("name", name);
        p.setAttribute("value", clean(value));
        properties.appendChild(p);
    }
}
