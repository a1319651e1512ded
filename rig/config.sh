# Shared settings for the rig scripts (sourced).
XEN_DEB_VERSION=4.17.5+72-g01140da4e8-1
XS_CACHE=${XENSCOPE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xenscope}
mkdir -p "$XS_CACHE"
