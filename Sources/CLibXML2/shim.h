// Tiny shims for what Swift cannot reach in libxml2: xmlFree is a global function-pointer
// variable, and the hardened parse needs SAX hooks installed on a parser context.
// Everything else is called from Swift directly (Sources/XMLCore).
#ifndef SPOTCHECK_CLIBXML2_SHIM_H
#define SPOTCHECK_CLIBXML2_SHIM_H

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/c14n.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlsave.h>
#include <libxml/xmlerror.h>
#include <string.h>

static inline void spot_xml_free(void *pointer) { xmlFree(pointer); }

/// External entities, DTDs and schema imports are never loaded, from the network or from disk.
static xmlParserInputPtr spot_deny_entity_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt) {
    (void)url; (void)id; (void)ctxt;
    return NULL;
}

/// Called once per process before any other libxml2 use.
static inline void spot_xml_initialize(void) {
    xmlInitParser();
    xmlSetExternalEntityLoader(spot_deny_entity_loader);
}

/// What the guard saw while parsing; owned by the Swift caller.
typedef struct {
    int maxDepth;
    int sawDoctype;
    int depthExceeded;
    int line;
    int column;
    int hasFirstError;
    xmlError firstError;  // the first error, not the last: later ones are consequences of it
} SpotParseGuard;

// Errors are never printed; the first one is kept for the Swift caller.
static void spot_record_first_error(void *userData, xmlErrorPtr error) {
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)userData;
    if (ctxt == NULL || error == NULL || error->level < XML_ERR_ERROR) return;
    SpotParseGuard *guard = (SpotParseGuard *)ctxt->_private;
    if (guard != NULL && !guard->hasFirstError) {
        guard->hasFirstError = 1;
        xmlCopyError(error, &guard->firstError);
    }
}

// A DOCTYPE is refused the moment it is seen, before any entity declaration is read:
// OOXML and ODF parts never carry one, and it is the door for XXE and entity expansion bombs.
static void spot_guard_internal_subset(void *ctx, const xmlChar *name, const xmlChar *externalID, const xmlChar *systemID) {
    (void)name; (void)externalID; (void)systemID;
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    SpotParseGuard *guard = (SpotParseGuard *)ctxt->_private;
    if (guard != NULL && !guard->sawDoctype && !guard->depthExceeded) {
        guard->sawDoctype = 1;
        guard->line = ctxt->input ? ctxt->input->line : 0;
        guard->column = ctxt->input ? ctxt->input->col : 0;
    }
    xmlStopParser(ctxt);
}

static void spot_guard_start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                                     int nbNamespaces, const xmlChar **namespaces, int nbAttributes, int nbDefaulted,
                                     const xmlChar **attributes) {
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    SpotParseGuard *guard = (SpotParseGuard *)ctxt->_private;
    // nameNr counts the open ancestors; this element is one deeper.
    if (guard != NULL && ctxt->nameNr + 1 > guard->maxDepth) {
        if (!guard->depthExceeded && !guard->sawDoctype) {
            guard->depthExceeded = 1;
            guard->line = ctxt->input ? ctxt->input->line : 0;
            guard->column = ctxt->input ? ctxt->input->col : 0;
        }
        xmlStopParser(ctxt);
        return;
    }
    xmlSAX2StartElementNs(ctx, localname, prefix, uri, nbNamespaces, namespaces, nbAttributes, nbDefaulted, attributes);
}

/// Parses `size` bytes into a document, or returns NULL with the first error in `guard->firstError`
/// (free it with xmlResetError) or the guard's flags set.
static inline xmlDocPtr spot_xml_parse_guarded(const char *bytes, int size, const char *url, int options,
                                               SpotParseGuard *guard) {
    xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(bytes, size);
    if (ctxt == NULL) return NULL;
    xmlCtxtUseOptions(ctxt, options);
    if (url != NULL && ctxt->input != NULL && ctxt->input->filename == NULL) {
        ctxt->input->filename = (char *)xmlStrdup((const xmlChar *)url);
    }
    ctxt->_private = guard;
    ctxt->sax->internalSubset = spot_guard_internal_subset;
    ctxt->sax->startElementNs = spot_guard_start_element;
    ctxt->sax->serror = spot_record_first_error;
    ctxt->sax->warning = NULL;
    ctxt->sax->error = NULL;
    ctxt->vctxt.error = NULL;
    ctxt->vctxt.warning = NULL;

    xmlParseDocument(ctxt);

    xmlDocPtr doc = ctxt->myDoc;
    int failed = !ctxt->wellFormed || guard->sawDoctype || guard->depthExceeded || ctxt->lastError.code != XML_ERR_OK;
    if (!guard->hasFirstError && ctxt->lastError.code != XML_ERR_OK) {
        guard->hasFirstError = 1;
        xmlCopyError(&ctxt->lastError, &guard->firstError);
    }
    if (failed && doc != NULL) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    ctxt->myDoc = NULL;
    xmlFreeParserCtxt(ctxt);
    return doc;
}

#endif
