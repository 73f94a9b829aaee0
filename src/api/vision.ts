/** `concertina/vision`: the generated images of the vision pipelines (shapes, street scenes), plain JavaScript. */
export { renderShape, sampleShapeLayout, type ShapeLayout, type ShapeStyle } from '../vision/shape-image.js';
export { SHAPE_NAMES, isShapeName, type ShapeName } from '../vision/shape-library.js';
export { renderScene, sampleSceneLayout, sceneLabel, type SceneLayout } from '../vision/street-scene.js';
export { STREET_OBJECTS, type StreetObject } from '../vision/street-objects.js';
