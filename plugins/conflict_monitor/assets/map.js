/* conflict-monitor: incident maps.
 *
 * Each page holds empty containers, <div class="cm-map" data-map="KIND" ...>, naming
 * the kind of map and its data. The builders made with Folium at build time
 * (maps.js) create the Leaflet map of each kind; this file finds the containers,
 * loads the data (once per file, whatever the number of maps that show it) and
 * draws the incidents. Everything taken from the data is shown as text: popups and
 * the legend are built with textContent, never from HTML strings.
 *
 * Under the tiles of every map lie the site's own country outlines (coasts and
 * borders, fetched once per page): where the tile host is blocked, the map still
 * shows where the incidents are. Every incident is a button for the keyboard (Tab
 * reaches it, Enter or Space opens its popup, which takes the focus; Escape closes
 * it and gives the focus back).
 */
(function () {
  "use strict";

  var COLOURS = {
    "Battles": "#c62828",
    "Explosions/Remote violence": "#ef6c00",
    "Violence against civilians": "#6a1b9a",
    "Protests": "#1565c0",
    "Riots": "#00838f",
    "Strategic developments": "#546e7a"
  };
  // ACLED geo_precision 2 (near the place) and 3 (only the region) are drawn as areas.
  var UNCERTAINTY_METRES = { 2: 10000, 3: 50000 };
  var FOCUS_ZOOM = 9;
  // The outlines' pane lies under Leaflet's tile pane (z-index 200): tiles cover the
  // outlines once they load, and leave them in sight where they do not.
  var OUTLINES_PANE = "cmOutlines";
  var OUTLINES_Z_INDEX = "150";
  var OUTLINES_STYLE = { color: "#90a4ae", weight: 1, fillColor: "#eceff1", fillOpacity: 1 };
  // How an incident looks while it has the keyboard focus.
  var FOCUSED_STYLE = { color: "#000", weight: 3 };
  var ASSETS = new URL(".", document.currentScript.src);

  var builders = {};
  var loads = {};

  function load(url) {
    if (!loads[url]) {
      loads[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error("map data " + url + ": " + response.status);
        return response.json();
      });
    }
    return loads[url];
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  // Rows of the data file as objects; incident links resolved against the data's URL.
  function incidents(data, base) {
    var fields = data.fields;
    return data.incidents.map(function (row) {
      var item = {};
      for (var i = 0; i < fields.length; i++) item[fields[i]] = row[i];
      item.type = data.types[item.type];
      item.sub_event_type = data.sub_event_types[item.sub_event_type];
      item.actors = item.actors.map(function (n) { return data.actors[n]; });
      item.url = new URL(data.incident_url.replace("{id}", item.id), base).href;
      return item;
    });
  }

  function fatalities(item) {
    var text = String(item.fatalities);
    if (item.fatalities_high !== null && item.fatalities_high !== item.fatalities) {
      text += "\u2013" + item.fatalities_high;
    }
    return text;
  }

  // What an incident's button says to a screen reader.
  function describe(item) {
    return item.place + ", " + item.date + ": " + item.type;
  }

  // The popup of the page's own incident (own) has neither the summary, the page's
  // first paragraph, nor a link to the page it is on.
  function popup(item, own) {
    var box = element("div", null, "cm-popup");
    box.tabIndex = -1;  // takes the focus when opened from the keyboard
    box.appendChild(element("strong", item.place));
    box.appendChild(element("div", item.date + " \u00b7 " + item.type + ": " + item.sub_event_type));
    if (item.actors.length) box.appendChild(element("div", item.actors.join(" \u2013 ")));
    box.appendChild(element("div", "Fatalities: " + fatalities(item)));
    if (!own) {
      if (item.summary) box.appendChild(element("p", item.summary));
      var link = element("a", "Incident page");
      link.href = item.url;
      box.appendChild(link);
    }
    return box;
  }

  function legend(map, types) {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var box = element("div", null, "cm-legend leaflet-bar");
      types.forEach(function (type) {
        var line = element("div");
        var swatch = element("span", null, "cm-legend-swatch");
        swatch.style.background = COLOURS[type];
        line.appendChild(swatch);
        line.appendChild(element("span", type));
        box.appendChild(line);
      });
      box.appendChild(element("div", "Dashed circle: place known only approximately", "cm-legend-note"));
      return box;
    };
    control.addTo(map);
  }

  function yearFilter(map, years, onChange) {
    var control = L.control({ position: "topright" });
    control.onAdd = function () {
      var box = element("div", null, "cm-filter leaflet-bar");
      var label = element("label", "Year ");
      var select = element("select");
      select.appendChild(element("option", "All years")).value = "";
      years.forEach(function (year) { select.appendChild(element("option", year)).value = year; });
      select.addEventListener("change", function () { onChange(select.value); });
      label.appendChild(select);
      box.appendChild(label);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    control.addTo(map);
  }

  // A popup opened from the keyboard takes the focus; closed (Escape, its close
  // button), it gives the focus back to its incident, or to the map.
  function openFromKeyboard(map, layer) {
    layer.openPopup();
    var popup = layer.getPopup();
    var box = popup && popup.isOpen() && popup.getElement();
    if (!box) return;
    if (!popup.cmKeyboard) {
      popup.cmKeyboard = true;
      var onKey = function (event) {
        if (event.key === "Escape") {
          event.preventDefault();
          map.closePopup(popup);
        }
      };
      box.addEventListener("keydown", onKey);
      popup.once("remove", function () {
        popup.cmKeyboard = false;
        box.removeEventListener("keydown", onKey);
        var active = document.activeElement;
        if (active && active !== document.body && !box.contains(active)) return;
        var target = layer.getElement();
        (target && target.isConnected ? target : map.getContainer()).focus({ preventScroll: true });
      });
    }
    var content = box.querySelector(".cm-popup");
    if (content) content.focus({ preventScroll: true });
  }

  // Each incident drawn is a button: Tab reaches it, Enter or Space opens its popup.
  // Leaflet makes a new element each time the layer is added (clusters come and go).
  function focusable(map, layer, item, style) {
    layer.on("add", function () {
      var path = layer.getElement();
      if (!path) return;
      path.setAttribute("tabindex", "0");
      path.setAttribute("role", "button");
      path.setAttribute("aria-label", describe(item));
      L.DomEvent.on(path, "keydown", function (event) {
        if (event.key === "Escape" && layer.isPopupOpen()) {
          L.DomEvent.stop(event);
          layer.closePopup();
        } else if (event.key === "Enter" || event.key === " ") {
          L.DomEvent.stop(event);  // no scrolling, and no second opening from keypress
          openFromKeyboard(map, layer);
        }
      });
      L.DomEvent.on(path, "focus", function () { layer.setStyle(FOCUSED_STYLE); });
      L.DomEvent.on(path, "blur", function () { layer.setStyle(style); });
    });
  }

  // A cluster is a button (Leaflet's) named for what it holds; Enter zooms in to it.
  var ClusterIcon = L.DivIcon.extend({
    createIcon: function (old) {
      var icon = L.DivIcon.prototype.createIcon.call(this, old);
      icon.setAttribute("aria-label", this.options.label);
      return icon;
    }
  });

  function clusterIcon(cluster) {
    var count = cluster.getChildCount();
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    return new ClusterIcon({
      html: "<div><span>" + Number(count) + "</span></div>",
      className: "marker-cluster marker-cluster-" + size,
      iconSize: L.point(40, 40),
      label: count + " incidents here: zoom in"
    });
  }

  function draw(map, container, items, options) {
    var focusId = container.dataset.focus;
    var layers = L.layerGroup().addTo(map);
    // Incidents are drawn as SVG, not on a canvas: each is an element the keyboard reaches.
    var renderer = L.svg();
    var byId = {};
    var shown = 0;

    // Resolves when every incident is on the map (clusters are filled in chunks).
    function show(selection) {
      layers.clearLayers();
      byId = {};
      var points = [];
      var areas = [];
      selection.forEach(function (item) {
        var colour = COLOURS[item.type];
        var latlng = [item.latitude, item.longitude];
        var radius = UNCERTAINTY_METRES[item.geo_precision];
        var focused = item.id === focusId;
        var style = radius
          ? { color: colour, weight: focused ? 3 : 1.5, dashArray: "4 4", fillOpacity: 0.15 }
          : { radius: focused ? 10 : 6, color: "#fff", weight: 1, fillColor: colour, fillOpacity: 0.9 };
        var layer = radius
          ? L.circle(latlng, L.extend({ radius: radius, renderer: renderer }, style))
          : L.circleMarker(latlng, L.extend({ renderer: renderer }, style));
        layer.bindPopup(function () { return popup(item, focused); });
        focusable(map, layer, item, style);
        byId[item.id] = layer;
        // Areas are clustered too: several incidents known only by their region share
        // one point, and the cluster spreads them out when clicked.
        if (focused) areas.push(layer); else points.push(layer);
      });
      areas.forEach(function (layer) { layers.addLayer(layer); });
      shown = selection.length;
      container.dataset.shown = String(shown);
      container.cmLayers = byId;  // for tests and for other scripts of the site
      return new Promise(function (resolve) {
        var cluster = L.markerClusterGroup({
          chunkedLoading: true,
          showCoverageOnHover: false,
          iconCreateFunction: clusterIcon,
          chunkProgress: function (done, total) { if (done >= total) resolve(); }
        });
        layers.addLayer(cluster);
        if (points.length) cluster.addLayers(points); else resolve();
      });
    }

    var drawn = show(items);
    var points = items.map(function (item) { return [item.latitude, item.longitude]; });
    var focus = focusId && items.filter(function (item) { return item.id === focusId; })[0];
    if (focus) {
      map.setView([focus.latitude, focus.longitude], FOCUS_ZOOM);
      // Opened with the page: clear of the zoom buttons, top left, and on a phone narrow
      // enough to fit beside them.
      var own = byId[focus.id].getPopup();
      own.options.autoPanPaddingTopLeft = L.point(50, 10);
      own.options.maxWidth = Math.min(own.options.maxWidth, map.getSize().x - 110);
      byId[focus.id].openPopup();
    } else if (points.length) {
      map.fitBounds(points, { padding: [24, 24], maxZoom: 8 });
    }
    var types = Object.keys(COLOURS).filter(function (type) {
      return items.some(function (item) { return item.type === type; });
    });
    if (types.length) legend(map, types);
    if (options.filter) {
      var years = [];
      items.forEach(function (item) {
        var year = item.date.slice(0, 4);
        if (years.indexOf(year) < 0) years.push(year);
      });
      years.sort().reverse();
      if (years.length > 1) {
        yearFilter(map, years, function (year) {
          show(year ? items.filter(function (item) { return item.date.slice(0, 4) === year; }) : items);
        });
      }
    }
    return drawn;
  }

  // Natural Earth's country outlines, served by the site, in their own pane under the
  // tiles. The file is fetched once per page, whatever the number of maps.
  function outlines(map, container) {
    var pane = map.getPane(OUTLINES_PANE) || map.createPane(OUTLINES_PANE);
    pane.style.zIndex = OUTLINES_Z_INDEX;
    pane.setAttribute("aria-hidden", "true");
    return load(new URL("world-110m.geojson", ASSETS).href).then(function (world) {
      L.geoJSON(world, {
        pane: OUTLINES_PANE,
        renderer: L.svg({ pane: OUTLINES_PANE }),
        interactive: false,
        style: OUTLINES_STYLE
      }).addTo(map);
      // Leaflet's stylesheet frees only its own panes' SVG from the page's
      // `svg { max-width: 100% }` (the theme's): in this pane, of no width, the
      // outlines would be drawn at a width of nothing.
      var svg = pane.querySelector("svg");
      if (svg) {
        svg.style.maxWidth = "none";
        svg.style.maxHeight = "none";
      }
      if (map.attributionControl) map.attributionControl.addAttribution("Outlines: Natural Earth");
      container.dataset.outlines = "drawn";
    });
  }

  function addIncidents(map, container, options) {
    var started = performance.now();
    container.cmMap = map;
    // Leaflet's own credit, without the flag it adds to it.
    if (map.attributionControl) {
      map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    }
    // Without tiles the map has no zoom range of its own; outlines need no more than this.
    if (map.getMaxZoom() === Infinity) map.setMaxZoom(10);
    var source = container.dataset.src
      ? load(new URL(container.dataset.src, document.baseURI).href).then(function (data) {
          return incidents(data, new URL(container.dataset.src, document.baseURI));
        })
      : Promise.resolve(incidents(JSON.parse(container.dataset.incidents), document.baseURI));
    // With tiles, the incidents do not wait for the outlines, nor fail without them;
    // without tiles (options.basemap) the outlines are the map.
    var drawn = outlines(map, container).catch(function (error) {
      container.dataset.outlines = "failed";
      if (options.basemap) throw error;
    });
    var ground = options.basemap ? drawn : Promise.resolve();
    return Promise.all([source, ground]).then(function (loaded) {
      var ids = container.dataset.only ? container.dataset.only.split(" ") : null;
      var items = ids ? loaded[0].filter(function (item) { return ids.indexOf(item.id) >= 0; }) : loaded[0];
      return draw(map, container, items, options);
    }).then(function () {
      container.dataset.ready = String(Math.round(performance.now() - started));
    }).catch(function (error) {
      container.appendChild(element("p", "The map could not be loaded. The incidents are listed on this page.", "cm-map-error"));
      container.dataset.failed = String(error && (error.stack || error.message || error));
    });
  }

  function mountAll() {
    var containers = document.querySelectorAll(".cm-map[data-map]");
    for (var i = 0; i < containers.length; i++) {
      var container = containers[i];
      var build = builders[container.dataset.map];
      if (build && !container.dataset.mounted) {
        container.dataset.mounted = "true";
        build(container);
      }
    }
  }

  var started = false;

  // Called by maps.js once every builder has registered. Material's instant
  // navigation swaps pages in place and announces each new one on document$.
  function start() {
    if (started) return;
    started = true;
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(mountAll);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", mountAll);
    } else {
      mountAll();
    }
  }

  window.ConflictMonitor = {
    register: function (kind, build) { builders[kind] = build; },
    addIncidents: addIncidents,
    mountAll: mountAll,
    start: start
  };
})();
