# Included after Debian's debian/rules (make -f debian/rules -f THIS):
# build and package xen-hypervisor-V-F alone, with debian/rules' own
# variables (make_args_xen, flavour, upstream_version, templated files),
# instead of the whole source package (tools and docs need some 730 MB of
# build dependencies; the hypervisor needs a compiler, bison, flex, python3).
hv_pkg := xen-hypervisor-$(upstream_version)-$(flavour)
hv_dbg := $(hv_pkg)-dbg
hv_dh := -p$(hv_pkg) -p$(hv_dbg)

xenscope-hypervisor-deb: templated-files
	dh_testdir
	dh_prep $(hv_dh)
	cp debian/xen-kconfig xen/.config
	$(MAKE) -C xen olddefconfig $(make_args_xen)
	$(MAKE) $(make_args_xen) xen
	$(MAKE) $(make_args_xen) DESTDIR=$(t) install-xen
	debian/shuffle-boot-files $(upstream_version) $(flavour)
	@# What debian/$(hv_dbg).install says, by hand: dh_install refuses to
	@# run while other packages' .install files need dh-exec.
	mkdir -p debian/$(hv_dbg)/usr/lib/debug/boot
	cp -a $(t)/usr/lib/debug/xen* debian/$(hv_dbg)/usr/lib/debug/boot/
	dh_installdocs $(hv_dh)
	dh_installchangelogs $(hv_dh)
	dh_bugfiles $(hv_dh)
	dh_lintian $(hv_dh)
	dh_compress $(hv_dh)
	dh_fixperms $(hv_dh)
	dh_installdeb $(hv_dh)
	dh_gencontrol $(hv_dh)
	dh_md5sums $(hv_dh)
	dh_builddeb $(hv_dh)
