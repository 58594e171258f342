/* SPDX-License-Identifier: ISC */
/*
 * dlopen and friends for a static python (the unikernel, and the native
 * musl -static reference, alike): there is no dynamic loader, so no
 * shared object can ever be loaded. musl's static stubs refuse even
 * dlopen(NULL), which ctypes/__init__.py calls at import time
 * (pythonapi = PyDLL(None)), so `import ctypes` would fail. Here
 * dlopen(NULL) -- the program itself -- gives a handle; dlsym on it finds
 * nothing (a static program has no dynamic symbol table) and says so;
 * dlopen of a file fails with a message that says why. Compiled into
 * _ctypes (apps/python3/Setup.local); it replaces musl's weak stubs.
 */
#include <dlfcn.h>
#include <stdio.h>

static char self;	/* the handle of the program itself */
static char msg[256];
static int have_msg;

static void *fail(const char *what, const char *why)
{
	snprintf(msg, sizeof msg, "%s: %s", what, why);
	have_msg = 1;
	return NULL;
}

void *dlopen(const char *file, int mode)
{
	(void)mode;
	if (!file)
		return &self;
	return fail(file, "cannot load a shared object: no dynamic loading "
		    "in a static program (nablux)");
}

void *dlsym(void *restrict handle, const char *restrict name)
{
	if (handle != &self && handle != RTLD_DEFAULT && handle != RTLD_NEXT)
		return fail(name, "invalid handle");
	return fail(name, "symbol not found: a static program has no dynamic "
		    "symbol table (nablux)");
}

int dlclose(void *handle)
{
	if (handle != &self) {
		fail("dlclose", "invalid handle");
		return 1;
	}
	return 0;
}

char *dlerror(void)
{
	if (!have_msg)
		return NULL;
	have_msg = 0;
	return msg;
}
