/* The shared map (templates/includes/map.html, {% leaflet_map %}): the points of a GeoJSON
 * FeatureCollection, clustered. A feature's properties: "name", optional "url" (the name
 * becomes a link) and "summary" (a line under it). Tiles only when the page names a server;
 * otherwise the markers stand on a blank background. Once drawn, the element says how many
 * points it shows in data-markers; pages list the same places in HTML for readers without it. */
(function () {
  "use strict";

  function popup(props) {
    var box = document.createElement("div");
    var title = document.createElement(props.url ? "a" : "strong");
    title.textContent = props.name || "";
    if (props.url) title.href = props.url;
    box.appendChild(title);
    if (props.summary) {
      var line = document.createElement("div");
      line.textContent = props.summary;
      box.appendChild(line);
    }
    return box;
  }

  function draw(element) {
    var data = element.dataset;
    // the clusters need the map's maxZoom, which a tile layer would otherwise give
    var map = L.map(element, { scrollWheelZoom: false, maxZoom: 19 }).setView([42.5, 12.5], 5);
    if (data.tiles) {
      L.tileLayer(data.tiles, { attribution: data.attribution, maxZoom: 19 }).addTo(map);
    }
    var icon = L.icon({
      iconUrl: data.icon,
      iconRetinaUrl: data.iconRetina,
      shadowUrl: data.shadow,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      shadowSize: [41, 41],
    });
    fetch(data.geojson, { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (collection) {
        var points = L.geoJSON(collection, {
          pointToLayer: function (feature, latlng) {
            var name = feature.properties.name || "";
            return L.marker(latlng, { icon: icon, title: name, alt: name });
          },
          onEachFeature: function (feature, layer) {
            layer.bindPopup(popup(feature.properties));
          },
        });
        var cluster = L.markerClusterGroup({ showCoverageOnHover: false });
        cluster.addLayer(points);
        map.addLayer(cluster);
        var count = points.getLayers().length;
        if (count) map.fitBounds(cluster.getBounds(), { maxZoom: 15, padding: [24, 24] });
        element.dataset.markers = String(count);
      })
      .catch(function (error) {
        console.error(error);
        var note = document.createElement("p");
        note.className = "map-error";
        note.textContent = data.error;
        element.replaceWith(note);
      });
  }

  document.querySelectorAll("[data-map]").forEach(draw);
})();
