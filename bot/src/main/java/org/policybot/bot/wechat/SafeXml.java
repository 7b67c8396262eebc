package org.policybot.bot.wechat;

import java.io.StringReader;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * XML in and out of the WeChat endpoint, safely. Incoming XML with a DOCTYPE is refused
 * before any parser sees it (no external entities, external DTDs or entity expansion
 * bombs, whatever the parser behind WxJava does), and is checked to be well formed with a
 * parser that could not resolve entities anyway. Outgoing text is cleaned so it can sit
 * inside the CDATA section WxJava writes without escaping: no "]]>", no characters XML
 * forbids.
 */
final class SafeXml {

    /** The XML was refused; the message says why (for logs and the 400 body). */
    static final class RefusedXml extends Exception {
        RefusedXml(String message) {
            super(message);
        }
    }

    private static final ThreadLocal<DocumentBuilder> PARSER = ThreadLocal.withInitial(SafeXml::newParser);

    private SafeXml() {
    }

    /** Parses XML that must not declare a document type. */
    static Document parse(String xml) throws RefusedXml {
        if (xml.isBlank()) {
            throw new RefusedXml("empty body");
        }
        if (prolog(xml).toUpperCase(Locale.ROOT).contains("<!DOCTYPE")) {
            throw new RefusedXml("XML with a document type declaration is refused");
        }
        DocumentBuilder parser = PARSER.get();
        try {
            parser.reset();
            parser.setErrorHandler(new DefaultHandler());
            return parser.parse(new InputSource(new StringReader(xml)));
        } catch (SAXException | java.io.IOException e) {
            throw new RefusedXml("malformed XML: " + e.getMessage());
        }
    }

    /** Everything before the root element: the only place a DOCTYPE may stand. */
    private static String prolog(String xml) {
        for (int i = xml.indexOf('<'); i >= 0 && i + 1 < xml.length(); i = xml.indexOf('<', i + 1)) {
            if (Character.isLetter(xml.charAt(i + 1))) {
                return xml.substring(0, i);
            }
        }
        return xml;
    }

    /** The text of the first child element of the root with this name, or "" when absent. */
    static String child(Document doc, String name) {
        Element root = doc.getDocumentElement();
        NodeList nodes = root.getElementsByTagName(name);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
    }

    /**
     * Text that is safe inside a CDATA section and valid XML 1.0: line breaks normalised to
     * "\n", control characters and unpaired surrogates dropped, and every "]]>" broken up.
     */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        String s = text.replace("\r\n", "\n").replace('\r', '\n');
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            boolean allowed = cp == '\n' || cp == '\t'
                    || (cp >= 0x20 && cp < 0x7F)
                    || (cp >= 0xA0 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD && cp != 0xFEFF)
                    || cp >= 0x10000;
            if (allowed) {
                out.appendCodePoint(cp);
            }
        }
        // "]]＞" reads the same to a person and cannot close the CDATA section.
        return out.toString().replace("]]>", "]]＞");
    }

    private static DocumentBuilder newParser() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            return f.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser cannot be hardened: " + e.getMessage(), e);
        }
    }
}
