#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, so its encoding header pulls in the system's ICU headers,
   which clash with the copy of ICU that Swift's Foundation ships. htrules never touches libxml2's
   ICU converters (it only passes pointers to the encoding handler), so the ICU part is left out. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
