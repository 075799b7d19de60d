#!/usr/bin/env bash
# Packs the `yardstick` command as a .NET tool (artifacts/package) and installs it: on the PATH for this user
# (~/.dotnet/tools) by default, or into a folder with --tool-path DIR (or YARDSTICK_TOOL_PATH). A call then runs the
# built program in well under a second instead of paying `dotnet run`'s build check. Run it again after pulling changes.
set -euo pipefail
cd "$(dirname "$0")/.."
tool_path="${YARDSTICK_TOOL_PATH:-}"
if [ "${1:-}" = "--tool-path" ]; then tool_path="$2"; fi
# A version per pack, so an install never picks up an older package of the same number from the NuGet cache.
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' src/Yardstick.Cli/Yardstick.Cli.csproj)-local.$(date -u +%Y%m%d%H%M%S)"
rm -f artifacts/package/Yardstick.Cli.*.nupkg
dotnet pack src/Yardstick.Cli -c Release -o artifacts/package -p:Version="$version" --nologo -v quiet
if [ -n "$tool_path" ]; then where=(--tool-path "$tool_path"); else where=(--global); fi
dotnet tool uninstall Yardstick.Cli "${where[@]}" >/dev/null 2>&1 || true
dotnet tool install Yardstick.Cli "${where[@]}" --add-source artifacts/package --version "$version" >/dev/null
echo "已安装 yardstick $version ${tool_path:+到 $tool_path}"
if [ -z "$tool_path" ] && ! command -v yardstick >/dev/null 2>&1; then
  echo "把 \$HOME/.dotnet/tools 加入 PATH: export PATH=\"\$PATH:\$HOME/.dotnet/tools\""
fi
