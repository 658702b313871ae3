#ifndef SOCKSTEP_CYAML_SHIM_H
#define SOCKSTEP_CYAML_SHIM_H
#include <yaml.h>
#endif
