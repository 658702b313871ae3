/* The module's umbrella header: everything Swift may call. */
#include "cptrace.h"
#include "cxattr.h"
#include "cgnu.h"
