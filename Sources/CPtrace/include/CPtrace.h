/* The module's umbrella header: everything Swift may call. */
#include "cptrace.h"
#include "cwait.h"
#include "cxattr.h"
#include "cgnu.h"
